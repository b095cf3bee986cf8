package io.canarykit.testkit.simulation;

import org.jspecify.annotations.Nullable;

/**
 * Synthetic traffic for sequential tests (scenario key {@code traffic}): the canary serves
 * {@code requestsPerSecond} requests a second, each failing with probability
 * {@code canaryErrorRate} (a fraction: 0.2 = 20%); the primary likewise. Errors are drawn from
 * {@code seed}, so a run is reproducible.
 *
 * <p>Latencies, for tests on histogram buckets: the primary's are log-normal with σ = 0.5 and a
 * P99 of {@code latencyP99Seconds} (default 0.5 s); the canary's are the same distribution times
 * {@code canaryLatencyFactor} (1.2 = every quantile, the P99 included, 20% slower). They are drawn
 * from the seed too, independently of the errors.
 */
public record Traffic(double requestsPerSecond, double canaryErrorRate, double primaryErrorRate, long seed,
        @Nullable Double primaryRequestsPerSecond, double latencyP99Seconds, double canaryLatencyFactor) {

    /** Healthy traffic: 10 requests a second, no errors. What a sequential test sees when a scenario says nothing. */
    public static final Traffic HEALTHY = new Traffic(10, 0, 0, 1, null);
    public static final double DEFAULT_P99_SECONDS = 0.5;
    /** The log-normal shape of the synthetic latencies: the P99 is e^(2.326σ) ≈ 3.2 times the median. */
    public static final double LATENCY_SIGMA = 0.5;

    public Traffic {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("traffic.requestsPerSecond must be positive, got " + requestsPerSecond);
        }
        rate("traffic.canaryErrorRate", canaryErrorRate);
        rate("traffic.primaryErrorRate", primaryErrorRate);
        if (primaryRequestsPerSecond != null && !(primaryRequestsPerSecond > 0)) {
            throw new IllegalArgumentException("traffic.primaryRequestsPerSecond must be positive, got " + primaryRequestsPerSecond);
        }
        if (!(latencyP99Seconds > 0)) {
            throw new IllegalArgumentException("traffic.latencyP99Seconds must be positive, got " + latencyP99Seconds);
        }
        if (!(canaryLatencyFactor > 0)) {
            throw new IllegalArgumentException("traffic.canaryLatencyFactor must be positive, got " + canaryLatencyFactor);
        }
    }

    /** Traffic with the default latencies: a 500 ms P99 for both. */
    public Traffic(double requestsPerSecond, double canaryErrorRate, double primaryErrorRate, long seed,
            @Nullable Double primaryRequestsPerSecond) {
        this(requestsPerSecond, canaryErrorRate, primaryErrorRate, seed, primaryRequestsPerSecond, DEFAULT_P99_SECONDS, 1);
    }

    public static Traffic of(double requestsPerSecond, double canaryErrorRate, double primaryErrorRate, long seed) {
        return new Traffic(requestsPerSecond, canaryErrorRate, primaryErrorRate, seed, null);
    }

    /** The same traffic with the primary serving {@code rate} requests a second. */
    public Traffic withPrimaryRequestsPerSecond(double rate) {
        return new Traffic(requestsPerSecond, canaryErrorRate, primaryErrorRate, seed, rate, latencyP99Seconds, canaryLatencyFactor);
    }

    /** The same traffic with the primary's P99 at {@code p99Seconds} and the canary {@code factor} times slower. */
    public Traffic withLatency(double p99Seconds, double factor) {
        return new Traffic(requestsPerSecond, canaryErrorRate, primaryErrorRate, seed, primaryRequestsPerSecond, p99Seconds, factor);
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
