package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.MetricProvider;
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
 * check. An insufficient-data verdict does not stop the others: one of them may still fail. Each
 * metric goes through its {@link MetricPipeline} in one pass.
 */
final class MetricEvaluator {

    private final MetricQueries queries;
    private final QuerySources sources;
    private final ExtensionChecks extensions;
    private final MetricPipeline pipeline;
    private final TargetController target;

    MetricEvaluator(MetricProviderRegistry providers, BuiltinMetrics builtins, CanaryStore store, String defaultMetricsServer,
            TargetController target) {
        this.target = target;
        this.queries = new MetricQueries(providers);
        QueryRenderCache renderer = new QueryRenderCache();
        this.extensions = new ExtensionChecks(queries, renderer);
        this.sources = new QuerySources(builtins, store, queries, defaultMetricsServer);
        this.pipeline = new MetricPipeline(sources, renderer, queries, extensions);
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
        List<CheckResult> results = new ArrayList<>(metrics.size());
        // CanaryKit's sequential tests come first: a rejection rolls back at once, whatever the other checks say.
        if (evaluateSequential(canary, at, now, results) && stopAtFirstFailure) {
            return results;
        }
        String route = null;
        boolean routeKnown = false;
        Instant started = canary.status().analysisStartedAt();
        Duration elapsed = started == null || now == null ? null : Duration.between(started, now);
        // Flagger's order: builtin and inline-query metrics, then template metrics (and those with no usable query).
        for (int pass = 0; pass < 2; pass++) {
            for (CanaryMetric metric : metrics) {
                if (metric.isSequential() || isFirstPass(metric) != (pass == 0)) {
                    continue;
                }
                if (!routeKnown) {
                    route = metricsRoute(canary);
                    routeKnown = true;
                }
                CheckResult result = pipeline.check(canary, metric, provider, variables(canary, metric, route, null), elapsed, at);
                results.add(result);
                if (result.verdict().isFailure() && stopAtFirstFailure) {
                    return results;
                }
            }
        }
        return results;
    }

    /** Builtins and inline queries come before templates, as in Flagger. */
    private static boolean isFirstPass(CanaryMetric metric) {
        return metric.isBuiltin() || (metric.hasInlineQuery() && !metric.hasTemplate());
    }

    /** The sequential tests alone: first in every analysis, and alone in the fast ticks between two analyses. */
    List<CheckResult> evaluateSequential(Canary canary, @Nullable Instant at, @Nullable Instant now) {
        List<CheckResult> results = new ArrayList<>();
        evaluateSequential(canary, at, now, results);
        return results;
    }

    /** Adds the sequential tests' checks to {@code results}; returns whether one failed. */
    private boolean evaluateSequential(Canary canary, @Nullable Instant at, @Nullable Instant now, List<CheckResult> results) {
        boolean failed = false;
        for (CanaryMetric metric : canary.analysis().metrics()) {
            SequentialTest sequential = metric.sequential();
            if (sequential != null) {
                CheckResult result = extensions.sequential(canary, metric, sequential, sources.prometheus(canary),
                        variables(canary, metric, metricsRoute(canary), now), at);
                results.add(result);
                failed |= result.verdict().isFailure();
            }
        }
        return failed;
    }

    private @Nullable String metricsRoute(Canary canary) {
        return target.metricsRoute(canary).orElse(null);
    }

    static boolean hasSequential(Canary canary) {
        for (CanaryMetric metric : canary.analysis().metrics()) {
            if (metric.isSequential()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The metric's variables; {@code route} as the target names it, if it does; {@code elapsed}
     * counts from the start of the analysis when it has started.
     */
    private static TemplateVariables variables(Canary canary, CanaryMetric metric, @Nullable String route, @Nullable Instant now) {
        TemplateVariables named = TemplateVariables.of(canary, metric);
        TemplateVariables vars = route == null ? named : named.withRoute(route);
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
            Optional<MetricSource> source = sources.backendOf(canary, metric);
            if (source.isEmpty()) {
                if (metric.hasTemplate()) {
                    return Optional.of(QuerySources.templateMissing(canary, metric));
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
}
