package io.canarykit.testkit.simulation;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Request and error counts over any window of virtual time, consistent across windows: every
 * virtual second from the simulation's start has a fixed number of requests and of errors drawn
 * from the scenario's seed, so {@code increase(...[elapsed])} at two ticks tells one story.
 * Cumulative counts are kept per second, so any window costs two array reads.
 */
public final class SyntheticTraffic {

    private final Traffic traffic;
    private final Series canary;
    private final Series primary;

    public SyntheticTraffic(Traffic traffic) {
        this.traffic = traffic;
        this.canary = new Series(traffic.requestsPerSecond(), traffic.canaryErrorRate(), traffic.seed() * 2 + 1);
        this.primary = new Series(traffic.primaryRate(), traffic.primaryErrorRate(), traffic.seed() * 2);
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
        private long[] errors = new long[] {0};

        Series(double rate, double errorRate, long seed) {
            this.rate = rate;
            this.errorRate = errorRate;
            this.random = new SplittableRandom(seed);
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
