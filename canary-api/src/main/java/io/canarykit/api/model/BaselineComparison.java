package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * CanaryKit extension {@code metrics[].baseline}: judge the canary's value against the primary's
 * value of the same query (rendered with {@code target} = {@code <target>-primary}), or of an
 * explicit {@code query}. The canary passes when it is no worse than the primary by more than the
 * tolerance: the larger of {@code absoluteTolerance} and {@code relativeTolerance} × |primary|
 * (no tolerance set means "no worse at all").
 */
public record BaselineComparison(
        @Nullable String query,
        @Nullable String direction,
        @Nullable Double relativeTolerance,
        @Nullable Double absoluteTolerance) {

    public static final String LOWER_IS_BETTER = "lower-is-better";
    public static final String HIGHER_IS_BETTER = "higher-is-better";

    public boolean higherIsBetter() {
        return HIGHER_IS_BETTER.equals(direction);
    }

    /** How much worse than {@code baseline} the canary may be. */
    public double allowance(double baseline) {
        double absolute = absoluteTolerance == null ? 0 : absoluteTolerance;
        double relative = relativeTolerance == null ? 0 : relativeTolerance * Math.abs(baseline);
        return Math.max(absolute, relative);
    }

    /** Whether {@code canary} is within the allowance of {@code baseline} in the configured direction. */
    public boolean accepts(double canary, double baseline) {
        return higherIsBetter() ? canary >= baseline - allowance(baseline) : canary <= baseline + allowance(baseline);
    }
}
