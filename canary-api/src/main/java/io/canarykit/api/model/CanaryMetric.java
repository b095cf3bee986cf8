package io.canarykit.api.model;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One entry of {@code analysis.metrics}: a builtin metric, an inline query or a template reference. */
public record CanaryMetric(
        String name,
        @Nullable String interval,
        @Nullable Double threshold,
        @Nullable ThresholdRange thresholdRange,
        @Nullable String query,
        @Nullable CrossNamespaceObjectReference templateRef,
        Map<String, String> templateVariables) {

    public static final String REQUEST_SUCCESS_RATE = "request-success-rate";
    public static final String REQUEST_DURATION = "request-duration";
    /** Flagger's default interval for builtin and inline-query metrics. */
    public static final String DEFAULT_BUILTIN_INTERVAL = "1m";
    public static final Set<String> BUILTIN_NAMES = Set.of(REQUEST_SUCCESS_RATE, REQUEST_DURATION);

    public CanaryMetric {
        name = Copies.text(name);
        templateVariables = Copies.map(templateVariables);
    }

    /** A template metric with a maximum, the most common shape. */
    public static CanaryMetric template(String name, String templateName, ThresholdRange range) {
        return new CanaryMetric(name, null, null, range, null, CrossNamespaceObjectReference.of(templateName, null), Map.of());
    }

    public boolean isBuiltin() {
        return BUILTIN_NAMES.contains(name) && templateRef == null && (query == null || query.isBlank());
    }

    public boolean hasInlineQuery() {
        return query != null && !query.isBlank();
    }

    public boolean hasTemplate() {
        return templateRef != null;
    }

    /**
     * The interval rendered into queries: the metric's own; else, for template metrics, the analysis
     * interval (CanaryKit renders something usable where Flagger renders an empty string); else
     * Flagger's {@code 1m}.
     */
    public String intervalOr(String analysisInterval) {
        if (interval != null && !interval.isBlank()) {
            return interval;
        }
        return hasTemplate() && !analysisInterval.isBlank() ? analysisInterval : DEFAULT_BUILTIN_INTERVAL;
    }
}
