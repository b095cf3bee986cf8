package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One metric's check in one pass: resolve the query's source, render it (cached), query the
 * backend, judge the answer against the threshold, then the extensions (minimum samples, baseline).
 */
final class MetricPipeline {

    private final QuerySources sources;
    private final QueryRenderCache renderer;
    private final MetricQueries queries;
    private final ExtensionChecks extensions;

    MetricPipeline(QuerySources sources, QueryRenderCache renderer, MetricQueries queries, ExtensionChecks extensions) {
        this.sources = sources;
        this.renderer = renderer;
        this.queries = queries;
        this.extensions = extensions;
    }

    /** {@code elapsed} is the time since the analysis started, absent before it has. */
    CheckResult check(Canary canary, CanaryMetric metric, String observer, TemplateVariables vars, @Nullable Duration elapsed,
            @Nullable Instant at) {
        QuerySource source = sources.resolve(canary, metric, observer);
        if (source instanceof QuerySource.Builtin builtin) {
            return builtin(canary, metric, builtin, vars, elapsed, at);
        }
        if (source instanceof QuerySource.Inline inline) {
            return query(canary, metric, source, inline.backend(), inline.template(), inline.quoting(), vars, elapsed, at);
        }
        if (source instanceof QuerySource.Template template) {
            return query(canary, metric, source, template.backend(), template.template(), template.quoting(), vars, elapsed, at);
        }
        return ThresholdJudge.error(metric, "", ((QuerySource.Unusable) source).message());
    }

    private CheckResult builtin(Canary canary, CanaryMetric metric, QuerySource.Builtin builtin, TemplateVariables vars,
            @Nullable Duration elapsed, @Nullable Instant at) {
        TemplateVariables named = builtin.query().wordCharactersOnly() ? vars.wordCharactersOnly() : vars;
        TemplateRenderer.Rendered rendered = renderer.render(builtin.query().template(), builtin.quoting(), named, elapsed);
        if (!rendered.ok()) {
            return ThresholdJudge.error(metric, "", builtin.renderError(metric, rendered.error()));
        }
        String query = rendered.query();
        MetricResult result = queries.query(builtin.backend(), query, at, named.interval());
        if (result instanceof MetricResult.NoData noData) {
            return CheckResult.of(metric.name(), query, null, metric.thresholdRange(), Verdict.NO_DATA,
                    builtin.noData(canary, metric, noData.reason()));
        }
        if (result instanceof MetricResult.Failure failure) {
            return ThresholdJudge.error(metric, query, "Prometheus query failed: " + failure.message());
        }
        // Flagger truncates durations to whole milliseconds before comparing.
        double value = Measurement.inUnits(((MetricResult.Value) result).value(), builtin.query().scale(), builtin.duration());
        CheckResult judged = ThresholdJudge.builtin(canary, metric, query, value, builtin.duration());
        if (!ExtensionChecks.applies(metric)) {
            return judged;
        }
        return extensions.refine(canary, metric, judged, new Measurement(builtin.backend(), builtin.query().template(),
                builtin.quoting(), builtin.query().scale(), builtin.duration(), named, at, elapsed));
    }

    private CheckResult query(Canary canary, CanaryMetric metric, QuerySource source, MetricSource backend, String template,
            QueryQuoting quoting, TemplateVariables vars, @Nullable Duration elapsed, @Nullable Instant at) {
        TemplateRenderer.Rendered rendered = renderer.render(template, quoting, vars, elapsed);
        if (!rendered.ok()) {
            return ThresholdJudge.error(metric, "", source.renderError(metric, rendered.error()));
        }
        MetricResult result = queries.query(backend, rendered.query(), at, vars.interval());
        if (result instanceof MetricResult.NoData noData) {
            return CheckResult.of(metric.name(), rendered.query(), null, metric.thresholdRange(), Verdict.NO_DATA,
                    source instanceof QuerySource.Template
                            ? "Halt advancement no values found for custom metric: " + metric.name() + ": " + noData.reason()
                            : "Halt advancement no values found for metric: " + metric.name());
        }
        CheckResult judged = ThresholdJudge.query(canary, metric, rendered.query(), result);
        if (!ExtensionChecks.applies(metric)) {
            return judged;
        }
        return extensions.refine(canary, metric, judged, new Measurement(backend, template, quoting, 1, false, vars, at, elapsed));
    }
}
