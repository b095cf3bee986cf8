package io.canarykit.benchmarks.fleet;

import io.canarykit.benchmarks.JvmGauges;
import io.canarykit.benchmarks.ResultLine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.CanaryScheduler;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.core.scheduler.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A fleet of reference canaries in one JVM, every tick a steady analysis tick (two metrics, the
 * load-test hook, a weight step, a status write): ticks per second on one thread and on every
 * core, bare (read, tick, write in a loop) and through the {@link CanaryScheduler}; process CPU per
 * tick; GC time; heap retained per canary. Run through {@code canary-benchmarks/run.sh fleet}:
 *
 * <pre>
 * --canaries 10000,100000   fleet sizes
 * --seconds 10              measured time of each mode (after a warm-up of a third of it)
 * --threads N               "all cores" (default: available processors)
 * </pre>
 *
 * <p>To measure throughput, the scheduler runs each canary's next tick as soon as the last one is
 * done (its ticker answers {@code rescheduleAfter} zero), so it is always saturated; at a real
 * interval it would be idle most of the time, and its cost per tick is what matters.
 */
public final class FleetBenchmark {

    private FleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(10_000, 100_000);
        Duration measured = Duration.ofSeconds(10);
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--canaries" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--seconds" -> measured = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int size : sizes) {
            run(size, measured, threads);
        }
    }

    private static void run(int size, Duration measured, int threads) throws InterruptedException {
        long before = JvmGauges.retainedHeapBytes();
        Fleet fleet = new Fleet(size);
        long created = JvmGauges.retainedHeapBytes();
        fleet.intoAnalysis();
        long stored = JvmGauges.retainedHeapBytes();
        System.out.printf("%,d canaries in a steady analysis: %,d bytes retained per canary%n", size, (stored - before) / size);

        Duration warmUp = measured.dividedBy(3);
        // The JIT's warm-up, unreported: the first measured mode must not pay for compiling the tick.
        join(startBare(fleet, threads, measured, new LongAdder()));
        List<ResultLine> lines = new ArrayList<>();
        lines.add(bare(fleet, 1, warmUp, measured));
        lines.add(bare(fleet, threads, warmUp, measured));
        long[] schedulerHeap = {0};
        lines.add(scheduled(fleet, 1, warmUp, measured, null));
        lines.add(scheduled(fleet, threads, warmUp, measured, schedulerHeap));
        lines.forEach(line -> line.with("canaries", size).print());
        ResultLine.of("fleet", "heap").with("canaries", size).with("bytesPerCanary", (stored - before) / size)
                .with("manifestBytesPerCanary", (created - before) / size).with("statusBytesPerCanary", (stored - created) / size)
                .with("schedulerBytesPerCanary", (schedulerHeap[0] - stored) / size).print();
    }

    /** Ticks the fleet round after round on {@code threads} threads, each its own slice of canaries. */
    private static ResultLine bare(Fleet fleet, int threads, Duration warmUp, Duration measured) throws InterruptedException {
        LongAdder ticks = new LongAdder();
        List<Thread> workers = startBare(fleet, threads, warmUp.plus(measured), ticks);
        ResultLine line = measure("bare", threads, ticks, warmUp, measured);
        join(workers);
        return line;
    }

    private static List<Thread> startBare(Fleet fleet, int threads, Duration duration, LongAdder ticks) {
        long stopAt = System.nanoTime() + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<CanaryKey> slice = slice(fleet.keys, t, threads);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < stopAt) {
                    for (int i = 0; i < slice.size(); i++) {
                        fleet.tick(slice.get(i));
                        ticks.increment();
                        if ((i & 1023) == 0 && System.nanoTime() >= stopAt) {
                            return;
                        }
                    }
                }
            }, "bare-" + t);
            worker.start();
            workers.add(worker);
        }
        return workers;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /**
     * The same fleet through a scheduler with {@code workers} workers. {@code heapOut}, when given,
     * receives the retained heap while the scheduler holds every canary.
     */
    private static ResultLine scheduled(Fleet fleet, int workers, Duration warmUp, Duration measured, long @Nullable [] heapOut)
            throws InterruptedException {
        LongAdder ticks = new LongAdder();
        LongAdder errors = new LongAdder();
        Ticker backToBack = canary -> {
            TickResult r = fleet.steady.engine().tick(canary);
            return new TickResult(r.canary(), r.statusChanged(), r.routeChange(), r.events(), r.checks(), r.webhooks(), r.alerts(),
                    Duration.ZERO);
        };
        CanaryScheduler scheduler = CanaryScheduler.builder().ticker(backToBack).store(fleet.store).maxConcurrentTicks(workers)
                .tickDeadline(Duration.ofSeconds(10)).listener(new TickListener() {
                    @Override
                    public void onTick(CanaryKey key, TickResult result) {
                        ticks.increment();
                    }

                    @Override
                    public void onError(CanaryKey key, Exception error) {
                        errors.increment();
                    }
                }).build();
        try {
            fleet.keys.forEach(scheduler::add);
            ResultLine line = measure("scheduler", workers, ticks, warmUp, measured);
            if (heapOut != null) {
                heapOut[0] = JvmGauges.retainedHeapBytes();
            }
            return line.with("errors", errors.sum());
        } finally {
            scheduler.close();
        }
    }

    /** Waits out the warm-up, then counts ticks, CPU and GC over {@code measured}. */
    private static ResultLine measure(String mode, int threads, LongAdder ticks, Duration warmUp, Duration measured)
            throws InterruptedException {
        Thread.sleep(warmUp.toMillis());
        long ticks0 = ticks.sum();
        long cpu0 = JvmGauges.processCpuNanos();
        long gc0 = JvmGauges.gcMillis();
        long wall0 = System.nanoTime();
        Thread.sleep(measured.toMillis());
        long n = ticks.sum() - ticks0;
        double seconds = (System.nanoTime() - wall0) / 1e9;
        double cpuSeconds = (JvmGauges.processCpuNanos() - cpu0) / 1e9;
        long gcMillis = JvmGauges.gcMillis() - gc0;
        System.out.printf("%-9s %d thread(s): %,.0f ticks/s, %.2f µs CPU per tick, %.2f cores busy, GC %d ms (%.1f%%)%n", mode,
                threads, n / seconds, cpuSeconds * 1e6 / n, cpuSeconds / seconds, gcMillis, gcMillis / 10.0 / seconds);
        return ResultLine.of("fleet", "throughput").with("mode", mode).with("threads", threads).with("seconds", seconds)
                .with("ticks", n).with("ticksPerSecond", n / seconds).with("cpuMicrosPerTick", cpuSeconds * 1e6 / n)
                .with("coresBusy", cpuSeconds / seconds).with("gcMillis", gcMillis).with("gcPercent", gcMillis / 10.0 / seconds);
    }

    private static List<CanaryKey> slice(List<CanaryKey> keys, int index, int of) {
        int from = (int) ((long) keys.size() * index / of);
        int to = (int) ((long) keys.size() * (index + 1) / of);
        return keys.subList(from, to);
    }
}
