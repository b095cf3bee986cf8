package io.canarykit.core.manifest;

import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the bad-input properties fed and what came back: documents, how they were refused, the
 * slowest one and the most memory one allocated. Written to {@code target/bad-input-summary.txt}
 * (the figures RELIABILITY.md quotes) and to the test output.
 */
final class FuzzStatistics {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<String, AtomicLong> outcomes = new TreeMap<>();
    private long documents;
    private Duration slowest = Duration.ZERO;
    private String slowestLabel = "";
    private long mostAllocated;
    private String mostAllocatedLabel = "";
    private long charactersFed;

    /**
     * One document's reading: what came back, the reading thread's CPU time (not wall time, which
     * on a shared build machine measures the neighbours) and what it allocated.
     */
    record Measured(ReadResult result, Duration elapsed, long allocatedBytes) {
    }

    /** Runs {@code reading} on {@code content}, timing it and measuring what the thread allocated. */
    Measured measure(String label, String content, java.util.function.Supplier<ReadResult> reading) {
        long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = THREADS.getCurrentThreadCpuTime();
        ReadResult result = reading.get();
        Measured measured = new Measured(result, Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start),
                THREADS.getCurrentThreadAllocatedBytes() - bytesBefore);
        record(label, content, measured);
        return measured;
    }

    private synchronized void record(String label, String content, Measured measured) {
        documents++;
        charactersFed += content.length();
        if (measured.elapsed().compareTo(slowest) > 0) {
            slowest = measured.elapsed();
            slowestLabel = label + " (" + content.length() + " characters)";
        }
        if (measured.allocatedBytes() > mostAllocated) {
            mostAllocated = measured.allocatedBytes();
            mostAllocatedLabel = label + " (" + content.length() + " characters)";
        }
        outcome(measured.result());
    }

    private synchronized void outcome(ReadResult result) {
        String kind = result.allViolations().stream().filter(Violation::isError).findFirst().map(FuzzStatistics::kind)
                .orElse("accepted (no error)");
        outcomes.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** The first error's kind, by the wording the reader and the validator use. */
    private static String kind(Violation violation) {
        String message = violation.message();
        if (message.startsWith("invalid syntax")) {
            return "rejected: YAML/JSON syntax";
        }
        if (message.startsWith("exceeds")) {
            return "rejected: reading limit";
        }
        if (violation.path().startsWith("document") || violation.path().equals("kind") || violation.path().equals("apiVersion")) {
            return "rejected: not a manifest of ours (kind, apiVersion, shape)";
        }
        if (message.startsWith("must be a") || message.startsWith("must be an")) {
            return "rejected: wrong type";
        }
        if (message.startsWith("is required")) {
            return "rejected: required field missing";
        }
        return "rejected: validation rule";
    }

    synchronized String summary() {
        StringBuilder text = new StringBuilder();
        text.append("documents: ").append(documents).append('\n');
        text.append("characters fed: ").append(charactersFed).append('\n');
        outcomes.forEach((kind, count) -> text.append(kind).append(": ").append(count).append('\n'));
        text.append("slowest document (CPU time): ").append(slowest.toMillis()).append(" ms, ").append(slowestLabel).append('\n');
        text.append("most allocated by one document: ").append(mostAllocated / (1024 * 1024)).append(" MiB, ")
                .append(mostAllocatedLabel).append('\n');
        text.append("peak heap used (JVM, all pools): ").append(peakHeapMiB()).append(" MiB\n");
        return text.toString();
    }

    private static long peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    void write(String name) {
        String summary = summary();
        System.out.println(name + "\n" + summary);
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".txt"), summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
