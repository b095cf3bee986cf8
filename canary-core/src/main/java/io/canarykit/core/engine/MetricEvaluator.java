package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.TargetController;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a canary's metrics: CanaryKit's sequential tests first (a rejection rolls back at once),
 * then in Flagger's order — builtin and inline-query metrics, then template metrics, each in list
 * order — and stops at the first check that fails, so a metric after a failure is not queried. No data, NaN, query errors and render errors fail the
 * check. An insufficient-data verdict does not stop the others: one of them may still fail.
 */
final class MetricEvaluator {

    static final String PROMETHEUS = "prometheus";

    private final MetricQueries queries;
    private final ExtensionChecks extensions;
    private final BuiltinMetrics builtins;
    private final CanaryStore store;
    private final String defaultMetricsServer;
    private final TargetController target;

    MetricEvaluator(MetricProviderRegistry providers, BuiltinMetrics builtins, CanaryStore store, String defaultMetricsServer,
            TargetController target) {
        this.target = target;
        this.queries = new MetricQueries(providers);
        this.extensions = new ExtensionChecks(queries);
        this.builtins = builtins;
        this.store = store;
        this.defaultMetricsServer = defaultMetricsServer;
    }

    /**
     * Every check evaluated this tick; only the last one may have failed. {@code at} is the
     * evaluation time, absent for the backend's "now"; {@code now} is the tick's time, from which
     * {@code {{ elapsed }}} is measured.
     */
    List<CheckResult> evaluate(Canary canary, String provider, @Nullable Instant at, Instant now) {
        return evaluate(canary, provider, at, now, true);
    }

    /** As {@link #evaluate(Canary, String, Instant, Instant)}, or every metric when {@code stopAtFirstFailure} is false. */
    List<CheckResult> evaluate(Canary canary, String provider, @Nullable Instant at, @Nullable Instant now,
            boolean stopAtFirstFailure) {
        List<CanaryMetric> metrics = canary.analysis().metrics();
        // CanaryKit's sequential tests come first: a rejection rolls back at once, whatever the other checks say.
        List<CheckResult> results = new ArrayList<>(evaluateSequential(canary, at, now));
        if (stopAtFirstFailure && results.stream().anyMatch(r -> r.verdict().isFailure())) {
            return results;
        }
        for (CanaryMetric metric : metrics) {
            if (metric.isBuiltin() || (metric.hasInlineQuery() && !metric.hasTemplate() && !metric.isSequential())) {
                TemplateVariables vars = variables(canary, metric, now);
                CheckResult result = metric.isBuiltin() ? builtin(canary, metric, provider, vars, at) : inline(canary, metric, vars, at);
                results.add(result);
                if (result.verdict().isFailure() && stopAtFirstFailure) {
                    return results;
                }
            }
        }
        for (CanaryMetric metric : metrics) {
            CheckResult result;
            if (metric.isSequential()) {
                continue;
            } else if (metric.hasTemplate()) {
                result = template(canary, metric, variables(canary, metric, now), at);
            } else if (!metric.isBuiltin() && !metric.hasInlineQuery()) {
                result = CheckResult.of(metric.name(), "", null, metric.thresholdRange(), Verdict.ERROR,
                        "Metric query failed for no usable metrics template and query were configured");
            } else {
                continue;
            }
            results.add(result);
            if (result.verdict().isFailure() && stopAtFirstFailure) {
                return results;
            }
        }
        return results;
    }

    /** The sequential tests alone: first in every analysis, and alone in the fast ticks between two analyses. */
    List<CheckResult> evaluateSequential(Canary canary, @Nullable Instant at, @Nullable Instant now) {
        List<CheckResult> results = new ArrayList<>();
        for (CanaryMetric metric : canary.analysis().metrics()) {
            SequentialTest sequential = metric.sequential();
            if (sequential != null) {
                results.add(extensions.sequential(canary, metric, sequential, prometheusSource(canary),
                        variables(canary, metric, now), at));
            }
        }
        return results;
    }

    static boolean hasSequential(Canary canary) {
        return canary.analysis().metrics().stream().anyMatch(CanaryMetric::isSequential);
    }

    /**
     * The metric's variables; {@code route} as the target names it, if it does; {@code elapsed}
     * counts from the start of the analysis when it has started.
     */
    private TemplateVariables variables(Canary canary, CanaryMetric metric, @Nullable Instant now) {
        TemplateVariables named = TemplateVariables.of(canary, metric);
        TemplateVariables vars = target.metricsRoute(canary).map(named::withRoute).orElse(named);
        Instant started = canary.status().analysisStartedAt();
        return started == null || now == null ? vars : vars.withElapsed(Duration.between(started, now));
    }

    /**
     * The provider whose builtin queries apply, as Flagger picks its observer: the canary's provider,
     * except that a controller running with Linkerd (or Crossover) keeps its own.
     */
    static String observer(Canary canary, String defaultProvider) {
        if (defaultProvider.contains("linkerd")) {
            return "linkerd";
        }
        String global = defaultProvider.contains("crossover") ? "crossover" : defaultProvider;
        return canary.spec().providerOr(global);
    }

    /** The first metric backend that cannot be queried, if any (checked while initializing). */
    Optional<String> unavailableProvider(Canary canary) {
        for (CanaryMetric metric : canary.analysis().metrics()) {
            Optional<MetricSource> source = sourceOf(canary, metric);
            if (source.isEmpty()) {
                if (metric.hasTemplate()) {
                    return Optional.of(templateMissing(canary, metric));
                }
                continue;
            }
            Optional<MetricProvider> provider = queries.find(source.get().type());
            if (provider.isEmpty()) {
                return Optional.of(queries.unknownType(source.get().type()));
            }
            Availability availability = provider.get().isOnline(source.get());
            if (availability instanceof Availability.Offline offline) {
                return Optional.of(source.get().type() + " at " + source.get().provider().address() + " is offline: "
                        + offline.reason());
            }
        }
        return Optional.empty();
    }

    private Optional<MetricSource> sourceOf(Canary canary, CanaryMetric metric) {
        if (metric.hasTemplate()) {
            return lookup(canary, metric).map(t -> new MetricSource(t.metadata().namespaceOrDefault(), t.spec().provider()));
        }
        if (metric.isBuiltin() || metric.hasInlineQuery() || metric.isSequential()) {
            return Optional.of(prometheusSource(canary));
        }
        return Optional.empty();
    }

    private MetricSource prometheusSource(Canary canary) {
        String server = canary.spec().metricsServer();
        String address = server == null || server.isBlank() ? defaultMetricsServer : server;
        return new MetricSource(canary.namespace(), MetricTemplateProvider.prometheus(address));
    }

    private CheckResult builtin(Canary canary, CanaryMetric metric, String provider, TemplateVariables vars, @Nullable Instant at) {
        String targetKind = canary.spec().targetRef().kind() == null ? "" : canary.spec().targetRef().kind();
        Optional<BuiltinQuery> builtin = builtins.query(metric.name(), provider, targetKind);
        if (builtin.isEmpty()) {
            return error(metric, "", "Prometheus query failed: no builtin " + metric.name() + " query is known for provider "
                    + provider);
        }
        if (builtin.get().wordCharactersOnly()) {
            vars = vars.wordCharactersOnly();
        }
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(builtin.get().template(), vars);
        if (!rendered.ok()) {
            return error(metric, "", "Prometheus query failed: query render error: " + rendered.error());
        }
        String query = rendered.query();
        boolean duration = metric.name().equals(CanaryMetric.REQUEST_DURATION);
        Measurement measurement = new Measurement(prometheusSource(canary), builtin.get().template(), builtin.get().scale(), duration,
                vars, at);
        return extensions.refine(canary, metric, judgeBuiltin(canary, metric, query, builtin.get(), measurement), measurement);
    }

    private CheckResult judgeBuiltin(Canary canary, CanaryMetric metric, String query, BuiltinQuery builtin, Measurement m) {
        MetricResult result = queries.query(m.source(), query, m.at(), m.vars().interval());
        if (result instanceof MetricResult.NoData noData) {
            return CheckResult.of(metric.name(), query, null, metric.thresholdRange(), Verdict.NO_DATA,
                    "Halt advancement no values found for " + builtin.observer() + " metric " + metric.name()
                            + " probably " + canary.spec().targetRef().name() + "." + canary.namespace()
                            + " is not receiving traffic: " + noData.reason());
        }
        if (result instanceof MetricResult.Failure failure) {
            return error(metric, query, "Prometheus query failed: " + failure.message());
        }
        boolean duration = m.wholeUnits();
        // Flagger truncates durations to whole milliseconds before comparing.
        double value = m.inUnits(((MetricResult.Value) result).value());
        ThresholdRange range = metric.thresholdRange();
        String halt = "Halt " + canary.name() + "." + canary.namespace() + " advancement "
                + (duration ? "request duration " : "success rate ") + show(duration, value);
        if (range != null) {
            if (range.min() != null && value < range.min()) {
                return fail(metric, query, value, halt + " < " + show(duration, range.min()));
            }
            if (range.max() != null && value > range.max()) {
                return fail(metric, query, value, halt + " > " + show(duration, range.max()));
            }
        } else if (metric.threshold() != null) {
            // Deprecated `threshold`: a floor for the success rate, a ceiling for the duration.
            double threshold = metric.threshold();
            if (!duration && value < threshold) {
                return fail(metric, query, value, halt + " < " + show(false, threshold));
            }
            if (duration && value > threshold) {
                return fail(metric, query, value, halt + " > " + show(true, threshold));
            }
        }
        return pass(metric, query, value);
    }

    /** {@code 1.515s} for a duration in milliseconds, {@code 99.50%} for a success rate. */
    private static String show(boolean duration, double value) {
        if (duration) {
            return GoDuration.format(Duration.ofNanos((long) (value * 1_000_000)));
        }
        return GoFormat.twoDecimals(value) + "%";
    }

    private CheckResult inline(Canary canary, CanaryMetric metric, TemplateVariables vars, @Nullable Instant at) {
        String template = metric.query() == null ? "" : metric.query();
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, vars);
        if (!rendered.ok()) {
            return error(metric, "", "Metric query failed for " + metric.name() + ": query render error: " + rendered.error());
        }
        Measurement measurement = new Measurement(prometheusSource(canary), template, 1, false, vars, at);
        MetricResult result = queries.query(measurement.source(), rendered.query(), at, vars.interval());
        if (result instanceof MetricResult.NoData) {
            return CheckResult.of(metric.name(), rendered.query(), null, metric.thresholdRange(), Verdict.NO_DATA,
                    "Halt advancement no values found for metric: " + metric.name());
        }
        return extensions.refine(canary, metric, judgeQueryValue(canary, metric, rendered.query(), result), measurement);
    }

    private CheckResult template(Canary canary, CanaryMetric metric, TemplateVariables vars, @Nullable Instant at) {
        Optional<MetricTemplate> template = lookup(canary, metric);
        if (template.isEmpty()) {
            return error(metric, "", templateMissing(canary, metric));
        }
        String ref = template.get().metadata().name() + "." + template.get().metadata().namespaceOrDefault();
        MetricTemplateProvider settings = template.get().spec().provider();
        if (queries.find(settings.type()).isEmpty()) {
            return error(metric, "", "Metric template " + ref + " provider " + settings.type() + " error: "
                    + queries.unknownType(settings.type()));
        }
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template.get().spec().query(), vars);
        if (!rendered.ok()) {
            return error(metric, "", "Metric template " + ref + " query render error: " + rendered.error());
        }
        MetricSource source = new MetricSource(template.get().metadata().namespaceOrDefault(), settings);
        Measurement measurement = new Measurement(source, template.get().spec().query(), 1, false, vars, at);
        MetricResult result = queries.query(source, rendered.query(), at, vars.interval());
        if (result instanceof MetricResult.NoData noData) {
            return CheckResult.of(metric.name(), rendered.query(), null, metric.thresholdRange(), Verdict.NO_DATA,
                    "Halt advancement no values found for custom metric: " + metric.name() + ": " + noData.reason());
        }
        return extensions.refine(canary, metric, judgeQueryValue(canary, metric, rendered.query(), result), measurement);
    }

    private CheckResult judgeQueryValue(Canary canary, CanaryMetric metric, String query, MetricResult result) {
        if (result instanceof MetricResult.Failure failure) {
            return error(metric, query, "Metric query failed for " + metric.name() + ": " + failure.message());
        }
        double value = ((MetricResult.Value) result).value();
        String halt = "Halt " + canary.name() + "." + canary.namespace() + " advancement " + metric.name() + " "
                + GoFormat.number(value);
        ThresholdRange range = metric.thresholdRange();
        if (range != null) {
            if (range.min() != null && value < range.min()) {
                return fail(metric, query, value, halt + " < " + GoFormat.number(range.min()));
            }
            if (range.max() != null && value > range.max()) {
                return fail(metric, query, value, halt + " > " + GoFormat.number(range.max()));
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
            return fail(metric, query, value, halt + " > " + GoFormat.number(threshold));
        }
        return pass(metric, query, value);
    }

    private Optional<MetricTemplate> lookup(Canary canary, CanaryMetric metric) {
        var ref = metric.templateRef();
        if (ref == null) {
            return Optional.empty();
        }
        return store.metricTemplate(ref.namespaceOr(canary.namespace()), ref.name());
    }

    private static String templateMissing(Canary canary, CanaryMetric metric) {
        var ref = metric.templateRef();
        String name = ref == null ? "" : ref.name();
        String namespace = ref == null ? canary.namespace() : ref.namespaceOr(canary.namespace());
        return "Metric template " + name + "." + namespace + " error: metrictemplate.flagger.app \"" + name + "\" not found";
    }

    private static CheckResult pass(CanaryMetric metric, String query, double value) {
        return CheckResult.of(metric.name(), query, value, metric.thresholdRange(), Verdict.PASS, "");
    }

    private static CheckResult fail(CanaryMetric metric, String query, double value, String message) {
        return CheckResult.of(metric.name(), query, value, metric.thresholdRange(), Verdict.FAIL, message);
    }

    private static CheckResult error(CanaryMetric metric, String query, String message) {
        return CheckResult.of(metric.name(), query, (@Nullable Double) null, metric.thresholdRange(), Verdict.ERROR, message);
    }
}
