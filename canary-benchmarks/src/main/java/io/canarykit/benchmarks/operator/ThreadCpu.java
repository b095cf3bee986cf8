package io.canarykit.benchmarks.operator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the JVM's threads, without the in-process API server's: the fabric8 mock server runs
 * on Vert.x, whose threads are named {@code vert.x-...}. What is left is the operator (its workers,
 * informers, HTTP client, timer, work queue) plus this harness' waiting main thread.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> start = new HashMap<>();

    ThreadCpu() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        start.putAll(operatorThreads());
    }

    /**
     * CPU the operator's threads used since this was created. A thread that ended meanwhile is lost
     * to the count (the operator's threads are long-lived pools).
     */
    long operatorNanos() {
        long total = 0;
        for (Map.Entry<Long, Long> now : operatorThreads().entrySet()) {
            total += now.getValue() - start.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> operatorThreads() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null || info.getThreadName().startsWith("vert.x")) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
            }
        }
        return cpu;
    }
}
