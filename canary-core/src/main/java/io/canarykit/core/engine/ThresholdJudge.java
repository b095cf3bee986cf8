package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.MetricResult;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Judges a metric's answer as Flagger does: against {@code thresholdRange} (strict: equal passes),
 * or the deprecated {@code threshold}. Builtins speak of success rates and durations; query metrics
 * of their value. The failure message is built only for a failure.
 */
final class ThresholdJudge {

    private ThresholdJudge() {
    }

    /** A builtin's answer, already in the threshold's unit ({@code value}). */
    static CheckResult builtin(Canary canary, CanaryMetric metric, String query, double value, boolean duration) {
        ThresholdRange range = metric.thresholdRange();
        if (range != null) {
            if (range.min() != null && value < range.min()) {
                return fail(metric, query, value, builtinHalt(canary, value, duration) + " < " + show(duration, range.min()));
            }
            if (range.max() != null && value > range.max()) {
                return fail(metric, query, value, builtinHalt(canary, value, duration) + " > " + show(duration, range.max()));
            }
        } else if (metric.threshold() != null) {
            // Deprecated `threshold`: a floor for the success rate, a ceiling for the duration.
            double threshold = metric.threshold();
            if (!duration && value < threshold) {
                return fail(metric, query, value, builtinHalt(canary, value, false) + " < " + show(false, threshold));
            }
            if (duration && value > threshold) {
                return fail(metric, query, value, builtinHalt(canary, value, true) + " > " + show(true, threshold));
            }
        }
        return pass(metric, query, value);
    }

    /** An inline or template query's answer; a failed query is an error check. */
    static CheckResult query(Canary canary, CanaryMetric metric, String query, MetricResult result) {
        if (result instanceof MetricResult.Failure failure) {
            return error(metric, query, "Metric query failed for " + metric.name() + ": " + failure.message());
        }
        double value = ((MetricResult.Value) result).value();
        ThresholdRange range = metric.thresholdRange();
        if (range != null) {
            if (range.min() != null && value < range.min()) {
                return fail(metric, query, value, queryHalt(canary, metric, value) + " < " + GoFormat.number(range.min()));
            }
            if (range.max() != null && value > range.max()) {
                return fail(metric, query, value, queryHalt(canary, metric, value) + " > " + GoFormat.number(range.max()));
            }
            return pass(metric, query, value);
        }
        if (metric.threshold() == null && metric.baseline() != null) {
            // Judged against the primary alone: Flagger's "fails above 0" default has no say here.
            return pass(metric, query, value);
        }
        // Deprecated `threshold`: a query metric fails above it (and above 0 when it is unset, as Flagger).
        double threshold = metric.threshold() == null ? 0 : metric.threshold();
        if (value > threshold) {
            return fail(metric, query, value, queryHalt(canary, metric, value) + " > " + GoFormat.number(threshold));
        }
        return pass(metric, query, value);
    }

    private static String builtinHalt(Canary canary, double value, boolean duration) {
        return "Halt " + canary.name() + "." + canary.namespace() + " advancement " + (duration ? "request duration " : "success rate ")
                + show(duration, value);
    }

    private static String queryHalt(Canary canary, CanaryMetric metric, double value) {
        return "Halt " + canary.name() + "." + canary.namespace() + " advancement " + metric.name() + " " + GoFormat.number(value);
    }

    /** {@code 1.515s} for a duration in milliseconds, {@code 99.50%} for a success rate. */
    private static String show(boolean duration, double value) {
        if (duration) {
            return GoDuration.format(Duration.ofNanos((long) (value * 1_000_000)));
        }
        return GoFormat.twoDecimals(value) + "%";
    }

    static CheckResult pass(CanaryMetric metric, String query, double value) {
        return CheckResult.of(metric.name(), query, value, metric.thresholdRange(), Verdict.PASS, "");
    }

    private static CheckResult fail(CanaryMetric metric, String query, double value, String message) {
        return CheckResult.of(metric.name(), query, value, metric.thresholdRange(), Verdict.FAIL, message);
    }

    static CheckResult error(CanaryMetric metric, String query, String message) {
        return CheckResult.of(metric.name(), query, (@Nullable Double) null, metric.thresholdRange(), Verdict.ERROR, message);
    }
}
