package io.canarykit.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * A query the demo's metric provider can answer from recorded requests: what it measures over the
 * canary's requests of the last {@code window}, and the factor that brings the answer into the
 * backend's unit (a builtin latency query answers in seconds; the engine scales it to milliseconds).
 */
public record RecordedQuery(Measure measure, Duration window, double unitsPerMillisecond) {

    public RecordedQuery {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    /** What is computed. */
    public enum Measure {
        /** 100 − 100 × non-5xx / all, as the reference error-rate template computes it. */
        ERROR_RATE_PERCENT,
        /** The 99th percentile latency (nearest rank) of the canary's requests. */
        P99_LATENCY,
        /** How many requests the canary served (a sequential test's count). */
        REQUESTS,
        /** How many of them it answered with a 5xx. */
        ERRORS;

        /** A count answers 0 for no requests; a rate or a latency has no value then. */
        boolean isCount() {
            return this == REQUESTS || this == ERRORS;
        }
    }
}
