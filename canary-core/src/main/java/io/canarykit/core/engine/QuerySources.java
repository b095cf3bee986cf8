package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;
import java.util.Optional;

/** The first stage of a check: finds where a metric's query comes from (template, builtin or inline query). */
final class QuerySources {

    static final String PROMETHEUS = "prometheus";

    private final BuiltinMetrics builtins;
    private final CanaryStore store;
    private final MetricQueries queries;
    private final String defaultMetricsServer;

    /** The last Prometheus source built: a canary asks for the same one at every check of every tick. */
    private record LastPrometheus(String address, MetricSource source) {
    }

    private volatile LastPrometheus lastPrometheus = new LastPrometheus("", new MetricSource("", MetricTemplateProvider.prometheus("")));

    QuerySources(BuiltinMetrics builtins, CanaryStore store, MetricQueries queries, String defaultMetricsServer) {
        this.builtins = builtins;
        this.store = store;
        this.queries = queries;
        this.defaultMetricsServer = defaultMetricsServer;
    }

    /** {@code observer} is the provider whose builtin queries apply. */
    QuerySource resolve(Canary canary, CanaryMetric metric, String observer) {
        if (metric.isBuiltin()) {
            String targetKind = canary.spec().targetRef().kind() == null ? "" : canary.spec().targetRef().kind();
            Optional<BuiltinQuery> builtin = builtins.query(metric.name(), observer, targetKind);
            if (builtin.isEmpty()) {
                return new QuerySource.Unusable("Prometheus query failed: no builtin " + metric.name()
                        + " query is known for provider " + observer);
            }
            return new QuerySource.Builtin(builtin.get(), prometheus(canary), queries.quoting(PROMETHEUS),
                    metric.name().equals(CanaryMetric.REQUEST_DURATION));
        }
        if (metric.hasTemplate()) {
            return template(canary, metric);
        }
        if (metric.hasInlineQuery()) {
            return new QuerySource.Inline(metric.query() == null ? "" : metric.query(), prometheus(canary), queries.quoting(PROMETHEUS));
        }
        return new QuerySource.Unusable("Metric query failed for no usable metrics template and query were configured");
    }

    private QuerySource template(Canary canary, CanaryMetric metric) {
        Optional<MetricTemplate> template = lookup(canary, metric);
        if (template.isEmpty()) {
            return new QuerySource.Unusable(templateMissing(canary, metric));
        }
        MetricTemplateProvider settings = template.get().spec().provider();
        if (queries.find(settings.type()).isEmpty()) {
            String ref = template.get().metadata().name() + "." + template.get().metadata().namespaceOrDefault();
            return new QuerySource.Unusable("Metric template " + ref + " provider " + settings.type() + " error: "
                    + queries.unknownType(settings.type()));
        }
        return new QuerySource.Template(template.get(), new MetricSource(template.get().metadata().namespaceOrDefault(), settings),
                queries.quoting(settings.type()));
    }

    /** The backend of a metric, as the availability check at initialization sees it. */
    Optional<MetricSource> backendOf(Canary canary, CanaryMetric metric) {
        if (metric.hasTemplate()) {
            return lookup(canary, metric).map(t -> new MetricSource(t.metadata().namespaceOrDefault(), t.spec().provider()));
        }
        if (metric.isBuiltin() || metric.hasInlineQuery() || metric.isSequential()) {
            return Optional.of(prometheus(canary));
        }
        return Optional.empty();
    }

    /** The canary's Prometheus: {@code spec.metricsServer}, or the engine's default. */
    MetricSource prometheus(Canary canary) {
        String server = canary.spec().metricsServer();
        String address = server == null || server.isBlank() ? defaultMetricsServer : server;
        LastPrometheus last = lastPrometheus;
        if (last.source.namespace().equals(canary.namespace()) && address.equals(last.address)) {
            return last.source;
        }
        MetricSource source = new MetricSource(canary.namespace(), MetricTemplateProvider.prometheus(address));
        lastPrometheus = new LastPrometheus(address, source);
        return source;
    }

    QueryQuoting prometheusQuoting() {
        return queries.quoting(PROMETHEUS);
    }

    private Optional<MetricTemplate> lookup(Canary canary, CanaryMetric metric) {
        var ref = metric.templateRef();
        if (ref == null) {
            return Optional.empty();
        }
        return store.metricTemplate(ref.namespaceOr(canary.namespace()), ref.name());
    }

    static String templateMissing(Canary canary, CanaryMetric metric) {
        var ref = metric.templateRef();
        String name = ref == null ? "" : ref.name();
        String namespace = ref == null ? canary.namespace() : ref.namespaceOr(canary.namespace());
        return "Metric template " + name + "." + namespace + " error: metrictemplate.flagger.app \"" + name + "\" not found";
    }
}
