package io.canarykit.benchmarks.operator;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.operator.OperatorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The operator's own measurements: how long each analysis tick took (the operator times the ticks
 * that reach the analysis, as Flagger's {@code flagger_canary_duration_seconds} does), how many
 * ticks ran, and the phase each canary is in.
 */
final class TickLatencies implements OperatorMetrics {

    private final List<Long> analysisNanos = new ArrayList<>();
    private final AtomicInteger ticks = new AtomicInteger();
    private final ConcurrentMap<String, CanaryPhase> phases = new ConcurrentHashMap<>();

    @Override
    public void tick(@Nullable CanaryPhase before, TickResult result) {
        ticks.incrementAndGet();
        CanaryPhase phase = result.status().phase();
        if (phase != null) {
            phases.put(result.canary().name(), phase);
        }
    }

    @Override
    public synchronized void analysed(TickResult result, Duration took) {
        analysisNanos.add(took.toNanos());
    }

    int ticks() {
        return ticks.get();
    }

    long countIn(CanaryPhase phase) {
        return phases.values().stream().filter(p -> p == phase).count();
    }

    /** Forgets the latencies so far (a new round starts). */
    synchronized void reset() {
        analysisNanos.clear();
    }

    /** The {@code q} quantile of the analysis ticks since the last reset, in microseconds; 0 without any. */
    synchronized double quantileMicros(double q) {
        if (analysisNanos.isEmpty()) {
            return 0;
        }
        long[] sorted = analysisNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e3;
    }

    synchronized int analysed() {
        return analysisNanos.size();
    }
}
