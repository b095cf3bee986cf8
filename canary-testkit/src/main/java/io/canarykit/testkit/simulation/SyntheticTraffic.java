package io.canarykit.testkit.simulation;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Request and error counts over any window of virtual time, consistent across windows: every
 * virtual second has a fixed number of requests and a fixed number of errors drawn from the
 * scenario's seed, so {@code increase(...[elapsed])} at two ticks tells one story.
 */
final class SyntheticTraffic {

    private final Traffic traffic;

    SyntheticTraffic(Traffic traffic) {
        this.traffic = traffic;
    }

    /** Requests the canary (or the primary) served in {@code (from, to]}. */
    long requests(Instant from, Instant to, boolean canary) {
        double rate = canary ? traffic.requestsPerSecond() : traffic.primaryRate();
        long sum = 0;
        for (long second = from.getEpochSecond(); second < to.getEpochSecond(); second++) {
            sum += requestsIn(second, rate);
        }
        return sum;
    }

    /** Errors among those requests. */
    long errors(Instant from, Instant to, boolean canary) {
        double rate = canary ? traffic.requestsPerSecond() : traffic.primaryRate();
        double errorRate = canary ? traffic.canaryErrorRate() : traffic.primaryErrorRate();
        long sum = 0;
        for (long second = from.getEpochSecond(); second < to.getEpochSecond(); second++) {
            SplittableRandom random = new SplittableRandom(traffic.seed() * 1_000_003L + second * 2 + (canary ? 1 : 0));
            long requests = requestsIn(second, rate);
            for (long r = 0; r < requests; r++) {
                sum += random.nextDouble() < errorRate ? 1 : 0;
            }
        }
        return sum;
    }

    /** Fractional rates spread evenly: second s serves floor(rate·(s+1)) − floor(rate·s) requests. */
    private static long requestsIn(long second, double rate) {
        return (long) Math.floor(rate * (second + 1)) - (long) Math.floor(rate * second);
    }
}
