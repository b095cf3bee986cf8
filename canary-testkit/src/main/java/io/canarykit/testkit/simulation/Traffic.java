package io.canarykit.testkit.simulation;

import org.jspecify.annotations.Nullable;

/**
 * Synthetic traffic for sequential tests (scenario key {@code traffic}): the canary serves
 * {@code requestsPerSecond} requests a second, each failing with probability
 * {@code canaryErrorRate} (a fraction: 0.2 = 20%); the primary likewise. Errors are drawn from
 * {@code seed}, so a run is reproducible.
 */
public record Traffic(double requestsPerSecond, double canaryErrorRate, double primaryErrorRate, long seed,
        @Nullable Double primaryRequestsPerSecond) {

    /** Healthy traffic: 10 requests a second, no errors. What a sequential test sees when a scenario says nothing. */
    public static final Traffic HEALTHY = new Traffic(10, 0, 0, 1, null);

    public Traffic {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("traffic.requestsPerSecond must be positive, got " + requestsPerSecond);
        }
        rate("traffic.canaryErrorRate", canaryErrorRate);
        rate("traffic.primaryErrorRate", primaryErrorRate);
        if (primaryRequestsPerSecond != null && !(primaryRequestsPerSecond > 0)) {
            throw new IllegalArgumentException("traffic.primaryRequestsPerSecond must be positive, got " + primaryRequestsPerSecond);
        }
    }

    public static Traffic of(double requestsPerSecond, double canaryErrorRate, double primaryErrorRate, long seed) {
        return new Traffic(requestsPerSecond, canaryErrorRate, primaryErrorRate, seed, null);
    }

    public double primaryRate() {
        return primaryRequestsPerSecond == null ? requestsPerSecond : primaryRequestsPerSecond;
    }

    private static void rate(String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be a fraction between 0 and 1, got " + value);
        }
    }
}
