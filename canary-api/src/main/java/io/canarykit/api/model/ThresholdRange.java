package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** Accepted range of a metric value; comparisons are strict, so a value equal to a bound passes. */
public record ThresholdRange(@Nullable Double min, @Nullable Double max) {

    public static ThresholdRange max(double max) {
        return new ThresholdRange(null, max);
    }

    public static ThresholdRange min(double min) {
        return new ThresholdRange(min, null);
    }

    /** Whether {@code value} lies within the range (bounds included). */
    public boolean contains(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }
}
