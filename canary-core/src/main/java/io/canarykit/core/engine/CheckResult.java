package io.canarykit.core.engine;

import io.canarykit.api.model.ThresholdRange;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One metric check as evaluated in a tick: what was asked, what came back and the verdict.
 * {@code value} is in the threshold's unit (milliseconds for {@code request-duration}).
 * {@code message} explains a non-passing verdict in Flagger's words (empty when passing).
 * {@code evidence} carries what a CanaryKit extension weighed: the baseline, the sample counts, the
 * sequential test's statistic and bounds.
 */
public record CheckResult(
        String metric,
        String query,
        @Nullable Double value,
        @Nullable Double min,
        @Nullable Double max,
        Verdict verdict,
        String message,
        Evidence evidence) {

    public CheckResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(evidence, "evidence");
    }

    /** A check without extension evidence, as Flagger's checks are. */
    public CheckResult(String metric, String query, @Nullable Double value, @Nullable Double min, @Nullable Double max,
            Verdict verdict, String message) {
        this(metric, query, value, min, max, verdict, message, Evidence.NONE);
    }

    public CheckResult withEvidence(Evidence more) {
        return new CheckResult(metric, query, value, min, max, verdict, message, more);
    }

    /** A sequential test that crossed its reject bound: the canary is rolled back at once. */
    public boolean isSequentialRejection() {
        return verdict == Verdict.FAIL && evidence.statistic() != null && evidence.upperBound() != null
                && evidence.statistic() >= evidence.upperBound();
    }

    static CheckResult of(String metric, String query, @Nullable Double value, @Nullable ThresholdRange range,
            Verdict verdict, String message) {
        return new CheckResult(metric, query, value, range == null ? null : range.min(), range == null ? null : range.max(),
                verdict, message);
    }

    public OptionalDouble valueIfAny() {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    public boolean passed() {
        return verdict.passed();
    }
}
