package io.canarykit.api.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * CanaryKit extension {@code metrics[].sequential}: Wald's sequential probability ratio test on the
 * canary's error rate, from cumulative request and error counts since the analysis started (the
 * variable {@code {{ elapsed }}} renders that span, e.g. {@code increase(x[{{ elapsed }}])}).
 *
 * <p>H0: the error rate is at most {@code acceptableErrorRate} (percent); H1: it is at least
 * {@code failingErrorRate} (default: five times the acceptable rate, capped below 100%). With the
 * primary's counts ({@code primaryRequests}, {@code primaryErrors}) H0's rate is the larger of the configured one and the primary's observed rate. The test runs at
 * {@code cadence} (faster than the analysis interval); crossing the upper bound rolls back at once
 * with false-rollback probability at most {@code alpha}; crossing the lower bound accepts H0 with
 * probability {@code power} of catching a canary at the failing rate. An undecided test is
 * {@code insufficient-data}. It promotes early only with {@code promoteEarly: true}.
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
        @Nullable Boolean promoteEarly) {

    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_POWER = 0.95;
    public static final Duration DEFAULT_CADENCE = Duration.ofSeconds(5);

    public SequentialTest {
        requests = Copies.text(requests);
        errors = Copies.text(errors);
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

    public boolean isPromoteEarly() {
        return Boolean.TRUE.equals(promoteEarly);
    }

    public boolean comparesToPrimary() {
        return primaryRequests != null && !primaryRequests.isBlank() && primaryErrors != null && !primaryErrors.isBlank();
    }
}
