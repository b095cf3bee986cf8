package io.canarykit.core.engine;

import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a metric was measured — backend, query template and its language, unit scale, variables and evaluation time —
 * so that the extension checks (samples, baseline) ask the same backend the same way. {@code elapsed}
 * is the time since the analysis started, when it has (put into {@code {{ elapsed }}} only where used).
 */
record Measurement(MetricSource source, String queryTemplate, QueryQuoting quoting, double scale, boolean wholeUnits, TemplateVariables vars,
        @Nullable Instant at, @Nullable Duration elapsed) {

    /** A raw answer in the threshold's unit (durations truncated to whole milliseconds, as Flagger does). */
    double inUnits(double raw) {
        return inUnits(raw, scale, wholeUnits);
    }

    static double inUnits(double raw, double scale, boolean wholeUnits) {
        double scaled = raw * scale;
        return wholeUnits ? (double) (long) scaled : scaled;
    }
}
