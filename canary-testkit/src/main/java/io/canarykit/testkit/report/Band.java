package io.canarykit.testkit.report;

import io.canarykit.core.engine.CheckResult;
import io.canarykit.testkit.simulation.TimelineText;
import java.util.List;
import java.util.stream.DoubleStream;
import org.jspecify.annotations.Nullable;

/**
 * A metric's allowed range ({@code thresholdRange}): either bound may be open. Drawn as a shaded
 * band from the bound to the edge of the plot on the open side.
 */
record Band(@Nullable Double min, @Nullable Double max) {

    static final Band NONE = new Band(null, null);

    /** The range the metric's checks were judged against (the first check that has one). */
    static Band of(List<CheckResult> checks) {
        return checks.stream().filter(c -> c.min() != null || c.max() != null).findFirst()
                .map(c -> new Band(c.min(), c.max())).orElse(NONE);
    }

    boolean exists() {
        return min != null || max != null;
    }

    /** The finite bounds, for the value axis to include. */
    DoubleStream bounds() {
        return DoubleStream.concat(min == null ? DoubleStream.empty() : DoubleStream.of(min),
                max == null ? DoubleStream.empty() : DoubleStream.of(max));
    }

    /** {@code allowed ≤ 1}, {@code allowed ≥ 99%}, {@code allowed 100ms–500ms}. */
    String describe(String unit) {
        if (min != null && max != null) {
            return "allowed " + TimelineText.number(min) + unit + "–" + TimelineText.number(max) + unit;
        }
        if (max != null) {
            return "allowed ≤ " + TimelineText.number(max) + unit;
        }
        return min == null ? "" : "allowed ≥ " + TimelineText.number(min) + unit;
    }
}
