package io.canarykit.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** What the JVM says about itself: process CPU, GC time, heap in use after a full collection. */
public final class JvmGauges {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private JvmGauges() {
    }

    /** CPU time of the whole process (every thread, the JIT and GC included). */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    /** Milliseconds spent in collections so far, over every collector. */
    public static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum();
    }

    /**
     * Heap in use after full collections, once it has settled: what is retained, not what is
     * garbage waiting for the next collection.
     */
    public static long retainedHeapBytes() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
