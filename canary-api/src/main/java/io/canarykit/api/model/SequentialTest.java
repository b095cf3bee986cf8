package io.canarykit.api.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * CanaryKit extension {@code metrics[].sequential}: a sequential test on the canary's error rate (or,
 * with {@code latency}, on its fraction of slow requests), from cumulative counts since the analysis
 * started (the variable {@code {{ elapsed }}} renders that span, e.g. {@code increase(x[{{ elapsed }}])}).
 * It runs at {@code cadence} (faster than the analysis interval) and rolls back at once when it rejects.
 *
 * <p>{@code method: sprt} (the default, as before) is Wald's sequential probability ratio test. H0:
 * the error rate is at most {@code acceptableErrorRate} (percent); H1: it is at least
 * {@code failingErrorRate} (default: five times the acceptable rate, capped below 100%). With the
 * primary's counts ({@code primaryRequests}, {@code primaryErrors}) H0's rate is the larger of the
 * configured one and the primary's observed rate. Crossing the upper bound rolls back with
 * false-rollback probability at most {@code alpha}; crossing the lower bound accepts H0 with
 * probability {@code power} of catching a canary at the failing rate. An undecided test is
 * {@code insufficient-data}. It promotes early only with {@code promoteEarly: true}.
 *
 * <p>{@code method: always-valid} needs no failing rate: a mixture likelihood ratio (an e-process)
 * against the allowed rate {@code acceptableErrorRate} and, with the primary's counts, against
 * "the primary's rate plus the tolerance" ({@code absoluteTolerance} in percentage points,
 * {@code relativeTolerance} as a fraction of the primary's rate); with both it rejects only a canary
 * worse than both. The probability that it ever rolls back a canary that meets its null hypothesis
 * is at most {@code alpha}, however often it is checked. While it has not rejected it passes.
 * A {@code latency} test is always of this kind.
 */
public record SequentialTest(
        String requests,
        String errors,
        @Nullable String primaryRequests,
        @Nullable String primaryErrors,
        @Nullable Double acceptableErrorRate,
        @Nullable Double failingErrorRate,
        @Nullable Double alpha,
        @Nullable Double power,
        @Nullable String cadence,
        @Nullable Boolean promoteEarly,
        @Nullable String method,
        @Nullable Double absoluteTolerance,
        @Nullable Double relativeTolerance,
        @Nullable LatencyTest latency) {

    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_POWER = 0.95;
    public static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);
    /** Wald's SPRT against a configured failing rate: the default, and the only method before 0.2. */
    public static final String SPRT = "sprt";
    /** The mixture likelihood ratio test, valid at any stopping time without a failing rate. */
    public static final String ALWAYS_VALID = "always-valid";

    public SequentialTest {
        requests = Copies.text(requests);
        errors = Copies.text(errors);
    }

    /** Wald's SPRT, as written before the always-valid method existed. */
    public SequentialTest(String requests, String errors, @Nullable String primaryRequests, @Nullable String primaryErrors,
            @Nullable Double acceptableErrorRate, @Nullable Double failingErrorRate, @Nullable Double alpha, @Nullable Double power,
            @Nullable String cadence, @Nullable Boolean promoteEarly) {
        this(requests, errors, primaryRequests, primaryErrors, acceptableErrorRate, failingErrorRate, alpha, power, cadence,
                promoteEarly, null, null, null, null);
    }

    /** An always-valid error-rate test against {@code acceptableErrorRate} percent; {@code alpha} defaults to 1%. */
    public static SequentialTest alwaysValid(String requests, String errors, double acceptableErrorRate, @Nullable Double alpha,
            @Nullable String cadence) {
        return new SequentialTest(requests, errors, null, null, acceptableErrorRate, null, alpha, null, cadence, null, ALWAYS_VALID,
                null, null, null);
    }

    public double alphaOrDefault() {
        return alpha == null ? DEFAULT_ALPHA : alpha;
    }

    public double powerOrDefault() {
        return power == null ? DEFAULT_POWER : power;
    }

    /** The inner cadence; 5s when unset or unparsable. */
    public Duration cadenceOrDefault() {
        if (cadence == null || cadence.isBlank()) {
            return DEFAULT_CADENCE;
        }
        return GoDuration.tryParse(cadence).filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0).orElse(DEFAULT_CADENCE);
    }

    /**
     * Whether an accepted test may promote the canary early. Never for the always-valid method: its
     * passing verdict means "no evidence of harm yet", not an accepted H0 (the validator refuses it).
     */
    public boolean isPromoteEarly() {
        return Boolean.TRUE.equals(promoteEarly) && !isAlwaysValid();
    }

    public boolean comparesToPrimary() {
        return primaryRequests != null && !primaryRequests.isBlank() && primaryErrors != null && !primaryErrors.isBlank();
    }

    /** The always-valid method: asked for by name, or implied by a latency test. */
    public boolean isAlwaysValid() {
        return ALWAYS_VALID.equals(method) || latency != null;
    }

    /** The primary's rate may exceed the canary's by this much (a fraction, 0.005 = half a percentage point). */
    public double absoluteToleranceFraction() {
        return absoluteTolerance == null ? 0 : absoluteTolerance / 100;
    }

    /** The canary's rate may exceed the primary's by this fraction of it (0.1 = 10% worse). */
    public double relativeToleranceOrZero() {
        return relativeTolerance == null ? 0 : relativeTolerance;
    }
}
