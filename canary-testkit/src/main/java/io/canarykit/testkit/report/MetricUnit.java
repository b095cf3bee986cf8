package io.canarykit.testkit.report;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;

/**
 * The unit a metric's values are in, where CanaryKit knows it: the builtin
 * {@code request-duration} is in milliseconds and {@code request-success-rate} in percent. A
 * template or inline query returns whatever its PromQL computes, so its unit is unknown and the
 * chart names the metric instead of guessing.
 */
final class MetricUnit {

    private MetricUnit() {
    }

    /** {@code ms}, {@code %}, or empty when unknown. */
    static String of(Canary canary, String metric) {
        return canary.analysis().metrics().stream()
                .filter(m -> m.name().equals(metric) && m.isBuiltin())
                .findFirst()
                .map(m -> CanaryMetric.REQUEST_DURATION.equals(m.name()) ? "ms" : "%")
                .orElse("");
    }

    /** The axis title: {@code request-duration (ms)}, or the bare name when the unit is unknown. */
    static String title(String name, String unit) {
        return unit.isEmpty() ? name : name + " (" + unit + ")";
    }
}
