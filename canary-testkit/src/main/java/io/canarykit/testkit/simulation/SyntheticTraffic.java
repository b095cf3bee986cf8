package io.canarykit.testkit.simulation;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Request and error counts over any window of virtual time, consistent across windows: every
 * virtual second from the simulation's start has a fixed number of requests and of errors drawn
 * from the scenario's seed, so {@code increase(...[elapsed])} at two ticks tells one story.
 * Cumulative counts are kept per second, so any window costs two array reads. The same holds for
 * the latency histogram's buckets: each second's latencies are drawn from a generator seeded by
 * the scenario's seed and that second, and the requests at or below each asked-for bound are
 * counted cumulatively, per bound.
 */
public final class SyntheticTraffic {

    /** The standard normal's 99th percentile. */
    private static final double Z_99 = 2.3263478740408408;

    private final Traffic traffic;
    private final Series canary;
    private final Series primary;

    public SyntheticTraffic(Traffic traffic) {
        this.traffic = traffic;
        double median = traffic.latencyP99Seconds() / Math.exp(Z_99 * Traffic.LATENCY_SIGMA);
        this.canary = new Series(traffic.requestsPerSecond(), traffic.canaryErrorRate(), traffic.seed() * 2 + 1,
                median * traffic.canaryLatencyFactor());
        this.primary = new Series(traffic.primaryRate(), traffic.primaryErrorRate(), traffic.seed() * 2, median);
    }

    /** Requests the canary (or the primary) served in {@code (from, to]}. */
    public long requests(Instant from, Instant to, boolean ofCanary) {
        Series series = ofCanary ? canary : primary;
        return series.requestsUntil(second(to)) - series.requestsUntil(second(from));
    }

    /** Errors among those requests. */
    public long errors(Instant from, Instant to, boolean ofCanary) {
        Series series = ofCanary ? canary : primary;
        return series.errorsUntil(second(to)) - series.errorsUntil(second(from));
    }

    /**
     * Requests the canary (or the primary) served in {@code (from, to]} within {@code le} seconds:
     * a histogram bucket's increase ({@code +Inf}: all of them).
     */
    public long withinBucket(Instant from, Instant to, boolean ofCanary, double le) {
        if (le == Double.POSITIVE_INFINITY) {
            return requests(from, to, ofCanary);
        }
        Series series = ofCanary ? canary : primary;
        return series.withinUntil(second(to), le) - series.withinUntil(second(from), le);
    }

    /**
     * The exact {@code q}-quantile (0.99 for the P99) of the latencies the canary (or the primary)
     * served in {@code (from, to]}, in seconds; 0 when it served none. What {@code histogram_quantile}
     * estimates from the buckets, without the buckets' coarseness.
     */
    public double latencyQuantile(Instant from, Instant to, boolean ofCanary, double q) {
        Series series = ofCanary ? canary : primary;
        double[] all = java.util.stream.LongStream.rangeClosed(second(from) + 1, second(to))
                .mapToObj(series::latencies).flatMapToDouble(Arrays::stream).sorted().toArray();
        return all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, Math.ceil(q * all.length) - 1)];
    }

    public Traffic traffic() {
        return traffic;
    }

    private static long second(Instant at) {
        return Math.max(0, at.getEpochSecond() - Simulation.START.getEpochSecond());
    }

    /** One workload's cumulative counts, extended on demand. */
    private static final class Series {
        private final double rate;
        private final double errorRate;
        private final SplittableRandom random;
        private final long seed;
        private final double medianLatency;
        private long[] errors = new long[] {0};
        private final Map<Double, long[]> within = new HashMap<>();

        Series(double rate, double errorRate, long seed, double medianLatency) {
            this.rate = rate;
            this.errorRate = errorRate;
            this.random = new SplittableRandom(seed);
            this.seed = seed;
            this.medianLatency = medianLatency;
        }

        /** Requests up to the end of {@code second} whose latency is at most {@code le}. */
        synchronized long withinUntil(long second, double le) {
            long[] counts = within.getOrDefault(le, new long[] {0});
            if (second >= counts.length) {
                int known = counts.length;
                counts = Arrays.copyOf(counts, (int) Math.max(second + 1, known * 2L));
                for (int s = known; s < counts.length; s++) {
                    counts[s] = counts[s - 1] + within(s, le);
                }
                within.put(le, counts);
            }
            return counts[(int) second];
        }

        /** The requests of one second within {@code le}. */
        private long within(long second, double le) {
            long count = 0;
            for (double latency : latencies(second)) {
                count += latency <= le ? 1 : 0;
            }
            return count;
        }

        /** The latencies of the requests served in one second: the same whenever, and for whatever bound, they are asked. */
        double[] latencies(long second) {
            int requests = (int) (requestsUntil(second) - requestsUntil(second - 1L));
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + second);
            double[] latencies = new double[requests];
            for (int r = 0; r < requests; r++) {
                latencies[r] = medianLatency * Math.exp(Traffic.LATENCY_SIGMA * random.nextGaussian());
            }
            return latencies;
        }

        /** Fractional rates spread evenly: the first s seconds serve floor(rate·s) requests. */
        long requestsUntil(long second) {
            return (long) Math.floor(rate * second);
        }

        synchronized long errorsUntil(long second) {
            if (second >= errors.length) {
                int known = errors.length;
                errors = Arrays.copyOf(errors, (int) Math.max(second + 1, known * 2L));
                for (int s = known; s < errors.length; s++) {
                    long requests = requestsUntil(s) - requestsUntil(s - 1L);
                    long failed = 0;
                    for (long r = 0; r < requests; r++) {
                        failed += random.nextDouble() < errorRate ? 1 : 0;
                    }
                    errors[s] = errors[s - 1] + failed;
                }
            }
            return errors[(int) second];
        }
    }
}
