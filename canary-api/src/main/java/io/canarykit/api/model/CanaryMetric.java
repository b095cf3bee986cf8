package io.canarykit.api.model;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code analysis.metrics}: a builtin metric, an inline query or a template reference.
 * {@code baseline}, {@code minSamples} and {@code sequential} are CanaryKit extensions; a metric
 * without them behaves exactly as in Flagger.
 */
public record CanaryMetric(
        String name,
        @Nullable String interval,
        @Nullable Double threshold,
        @Nullable ThresholdRange thresholdRange,
        @Nullable String query,
        @Nullable CrossNamespaceObjectReference templateRef,
        Map<String, String> templateVariables,
        @Nullable BaselineComparison baseline,
        @Nullable SampleRequirement minSamples,
        @Nullable SequentialTest sequential) {

    public static final String REQUEST_SUCCESS_RATE = "request-success-rate";
    public static final String REQUEST_DURATION = "request-duration";
    /** Flagger's default interval for builtin and inline-query metrics. */
    public static final String DEFAULT_BUILTIN_INTERVAL = "1m";
    public static final Set<String> BUILTIN_NAMES = Set.of(REQUEST_SUCCESS_RATE, REQUEST_DURATION);

    public CanaryMetric {
        name = Copies.text(name);
        templateVariables = Copies.map(templateVariables);
    }

    /** A Flagger metric, without CanaryKit extensions. */
    public CanaryMetric(String name, @Nullable String interval, @Nullable Double threshold, @Nullable ThresholdRange thresholdRange,
            @Nullable String query, @Nullable CrossNamespaceObjectReference templateRef, Map<String, String> templateVariables) {
        this(name, interval, threshold, thresholdRange, query, templateRef, templateVariables, null, null, null);
    }

    /** A sequential error-rate test, which needs no query of its own. */
    public static CanaryMetric sequential(String name, SequentialTest test) {
        return new CanaryMetric(name, null, null, null, null, null, Map.of(), null, null, test);
    }

    public boolean isSequential() {
        return sequential != null;
    }

    /** A template metric with a maximum, the most common shape. */
    public static CanaryMetric template(String name, String templateName, ThresholdRange range) {
        return new CanaryMetric(name, null, null, range, null, CrossNamespaceObjectReference.of(templateName, null), Map.of());
    }

    public boolean isBuiltin() {
        return BUILTIN_NAMES.contains(name) && templateRef == null && (query == null || query.isBlank()) && sequential == null;
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
