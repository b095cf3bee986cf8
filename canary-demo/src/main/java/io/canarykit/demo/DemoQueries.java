package io.canarykit.demo;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.core.engine.TemplateRenderer;
import io.canarykit.core.engine.TemplateVariables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rendered queries of the demo canary's metrics, rendered exactly as the engine will render them
 * (same renderer, same variables), mapped to what the recorded-request provider computes for them:
 * the reference {@code error-rate} template and the builtin {@code request-duration}.
 */
final class DemoQueries {

    /** Longer than any demo run. */
    private static final Duration WHOLE_RUN = Duration.ofDays(1);

    private DemoQueries() {
    }

    static Map<String, RecordedQuery> of(Canary canary, List<MetricTemplate> templates, BuiltinMetrics builtins, String provider) {
        Map<String, RecordedQuery> queries = new LinkedHashMap<>();
        for (CanaryMetric metric : canary.analysis().metrics()) {
            TemplateVariables vars = TemplateVariables.of(canary, metric);
            if (metric.hasTemplate() && "error-rate".equals(metric.templateRef().name())) {
                MetricTemplate template = templates.stream().filter(t -> t.metadata().name().equals(metric.templateRef().name()))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no MetricTemplate " + metric.templateRef().name()));
                queries.put(render(template.spec().query(), vars),
                        new RecordedQuery(RecordedQuery.Measure.ERROR_RATE_PERCENT, GoDuration.parse(vars.interval()), 1));
            } else if (metric.sequential() != null) {
                // Cumulative since the canary got traffic: v2 serves nothing before, so the whole log is that span.
                queries.put(render(metric.sequential().requests(), vars), new RecordedQuery(RecordedQuery.Measure.REQUESTS, WHOLE_RUN, 1));
                queries.put(render(metric.sequential().errors(), vars), new RecordedQuery(RecordedQuery.Measure.ERRORS, WHOLE_RUN, 1));
            } else if (CanaryMetric.REQUEST_DURATION.equals(metric.name())) {
                String kind = canary.spec().targetRef().kind() == null ? "" : canary.spec().targetRef().kind();
                Optional<BuiltinQuery> builtin = builtins.query(metric.name(), provider, kind);
                BuiltinQuery query = builtin.orElseThrow(() -> new IllegalStateException("no builtin request-duration query"));
                // The engine multiplies the backend's answer by scale to get milliseconds.
                queries.put(render(query.template(), vars),
                        new RecordedQuery(RecordedQuery.Measure.P99_LATENCY, GoDuration.parse(vars.interval()), 1 / query.scale()));
            }
        }
        return queries;
    }

    private static String render(String template, TemplateVariables vars) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, vars);
        if (!rendered.ok()) {
            throw new IllegalStateException("cannot render a reference query: " + rendered.error());
        }
        return rendered.query();
    }
}
