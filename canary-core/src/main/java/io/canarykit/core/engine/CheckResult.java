package io.canarykit.core.engine;

import io.canarykit.api.model.ThresholdRange;
import java.util.Objects;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One metric check as evaluated in a tick: what was asked, what came back and the verdict.
 * {@code value} is in the threshold's unit (milliseconds for {@code request-duration}).
 * {@code message} explains a non-passing verdict in Flagger's words (empty when passing).
 */
public record CheckResult(
        String metric,
        String query,
        @Nullable Double value,
        @Nullable Double min,
        @Nullable Double max,
        Verdict verdict,
        String message) {

    public CheckResult {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
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
