package io.canarykit.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How a demo run is set up: the scenario, the analysis interval (≥ 1s, the engine's floor), the
 * metrics backend, and whether CanaryKit's sequential error-rate test joins the reference checks.
 */
public record DemoSettings(Scenario scenario, Duration interval, MetricsBackend metrics, boolean sequential) {

    /** Metrics computed in process from the recorded requests. */
    public DemoSettings(Scenario scenario, Duration interval) {
        this(scenario, interval, MetricsBackend.RECORDED, false);
    }

    public DemoSettings(Scenario scenario, Duration interval, MetricsBackend metrics) {
        this(scenario, interval, metrics, false);
    }

    public DemoSettings {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(metrics, "metrics");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--interval must be at least 1s (the engine's minimum), got " + interval.toMillis() + "ms");
        }
        if (sequential && metrics != MetricsBackend.RECORDED) {
            throw new IllegalArgumentException("--sequential counts the requests the demo's router recorded; it does not go with --prometheus");
        }
    }

    /** What the new revision v2 does. */
    public enum Scenario {
        /** v2 is as healthy as v1: the canary is promoted. */
        GOOD,
        /** v2 answers one request in five with HTTP 500: the canary is rolled back. */
        BAD;

        Release canaryRelease() {
            return this == GOOD ? Release.healthy("v2") : Release.failingOneInFive("v2");
        }
    }
}
