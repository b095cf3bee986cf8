package io.canarykit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.CanaryException;
import io.canarykit.api.Redaction;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricChecks;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.simulation.TimelineJson;
import io.canarykit.testkit.simulation.TimelineText;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code canary check-metrics --canary FILE [--templates FILE...] [--secrets FILE...] [--prometheus URL]
 * [--time RFC3339] [--json] [--plugin-path DIR]}
 * (DESIGN §6): a dry run of one analysis check against live data. Every metric is rendered as the
 * engine renders it, queried once and judged. Every provider type the CLI ships (prometheus, datadog,
 * newrelic, graphite, influxdb, cloudwatch) is queried at its template's {@code provider.address} as
 * written, with {@code secretRef}s resolved from the Kubernetes Secret manifests of {@code --secrets};
 * other types go through the plugins of {@code --plugin-path}. {@code --prometheus} is needed only for
 * the builtin metrics and Prometheus templates without an address; when given, it keeps its meaning:
 * it replaces the addresses of Prometheus MetricTemplates and {@code spec.metricsServer}, since those
 * usually name in-cluster services. Exit 0 when every check passes, 1 when one does not (or a manifest
 * is invalid), 2 on a usage or I/O error, an unreachable metrics backend included.
 */
@Command(name = "check-metrics", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passes",
            "1:a check fails, has no data or cannot be evaluated, or a manifest is invalid",
            "2:usage error, unreadable file, unreachable metrics backend or unusable --plugin-path"},
        description = "Renders every metric of a Canary, queries its metric backends once and prints value, range and verdict.")
final class CheckMetricsCommand extends CliCommand {

    @Option(names = "--canary", required = true, paramLabel = "FILE",
            description = "The Canary manifest (it may also hold MetricTemplates).")
    private Path canary;

    @Option(names = "--templates", arity = "1..*", paramLabel = "FILE", description = "MetricTemplate manifests.")
    private List<Path> templates = new ArrayList<>();

    @Option(names = "--secrets", arity = "1..*", paramLabel = "FILE",
            description = "Kubernetes Secret manifests (data or stringData) that templates' secretRefs name.")
    private List<Path> secrets = new ArrayList<>();

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "The Prometheus for builtin metrics; replaces the address of Prometheus templates.")
    private @Nullable String prometheus;

    @Option(names = "--time", paramLabel = "RFC3339", description = "Evaluation time (default: the server's now).")
    private @Nullable String time;

    @Option(names = "--json", description = "Print the checks as JSON.")
    private boolean json;

    @Mixin
    private PluginOptions plugins;

    @Override
    protected int run(PrintWriter out, PrintWriter err) {
        Instant at;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            err.println("canary: --time: not an RFC 3339 time: " + time);
            return CanaryCli.USAGE_OR_IO;
        }
        if (prometheus != null && !isHttpUrl(prometheus)) {
            err.println("canary: --prometheus: not an http(s) URL: " + Redaction.url(prometheus));
            return CanaryCli.USAGE_OR_IO;
        }
        List<MetricProviderFactory> factories;
        try {
            factories = plugins.factories();
        } catch (CanaryException e) {
            err.println("canary: " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
        SecretResolver secretResolver;
        try {
            secretResolver = secrets.isEmpty() ? SecretManifests.none() : SecretManifests.read(secrets);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("canary: --secrets: " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
        List<Path> files = new ArrayList<>();
        files.add(canary);
        files.addAll(templates);
        ManifestFiles.Loaded loaded = ManifestFiles.load(files, err);
        if (!loaded.ok()) {
            return loaded.exitCode();
        }
        List<Canary> canaries = loaded.resources().stream().filter(Canary.class::isInstance).map(Canary.class::cast).toList();
        if (canaries.size() != 1) {
            err.println(canary + ": expected exactly one Canary, found " + canaries.size());
            return CanaryCli.NEGATIVE;
        }
        InMemoryCanaryStore store = new InMemoryCanaryStore();
        for (CanaryResource resource : loaded.resources()) {
            if (resource instanceof MetricTemplate template) {
                boolean isPrometheus = "prometheus".equals(template.spec().provider().type());
                store.apply(isPrometheus && prometheus != null ? template.withAddress(prometheus) : template);
            }
        }
        Canary target = canaries.get(0);
        if (prometheus != null) {
            target = target.withSpec(target.spec().withMetricsServer(prometheus));
        }
        List<MetricSource> sources = new ArrayList<>();
        Optional<String> missing = referencedSources(target, store, sources);
        if (missing.isPresent()) {
            err.println("canary: " + missing.get());
            return CanaryCli.USAGE_OR_IO;
        }
        String metricsServer = prometheus != null ? prometheus
                : target.spec().metricsServer() == null ? "" : target.spec().metricsServer();
        List<CheckResult> results;
        try (MetricBackends backends = MetricBackends.create(Clock.systemUTC(), secretResolver)) {
            MetricProviderRegistry.Builder registry = MetricProviderRegistry.builder();
            backends.providers().forEach(registry::register);
            ProviderContext context = new ProviderContext(Clock.systemUTC(), secretResolver);
            MetricProviderRegistry providers;
            try {
                factories.forEach(factory -> registry.register(factory.type(), factory.create(context)));
                providers = registry.build();
            } catch (CanaryException e) {
                err.println("canary: --plugin-path: " + e.getMessage());
                return CanaryCli.USAGE_OR_IO;
            }
            // An unreachable backend says nothing about the canary: an I/O error, not a failed check.
            for (MetricSource source : sources) {
                Optional<MetricProvider> provider = providers.find(source.type());
                if (provider.isPresent() && provider.get().isOnline(source) instanceof Availability.Offline offline) {
                    err.println("canary: " + describe(source) + ": unreachable: " + offline.reason());
                    return CanaryCli.USAGE_OR_IO;
                }
            }
            results = MetricChecks.of(providers, new PrometheusBuiltinMetrics(), store, metricsServer,
                    CanaryEngine.DEFAULT_PROVIDER).checkAll(target, at);
        }
        if (json) {
            ObjectNode root = TimelineJson.object();
            root.put("canary", target.namespace() + "/" + target.name());
            ArrayNode array = root.putArray("checks");
            results.forEach(check -> TimelineJson.putCheck(array.addObject(), check));
            out.println(TimelineJson.write(root));
        } else {
            for (CheckResult check : results) {
                out.println(TimelineText.check(check) + (check.passed() ? "" : "  " + check.message()));
                // One line per query: templates are written over several lines for people, not for terminals.
                out.println("  query: " + check.query().strip().replaceAll("\\s+", " "));
            }
        }
        return results.stream().allMatch(CheckResult::passed) ? CanaryCli.OK : CanaryCli.NEGATIVE;
    }

    /**
     * The distinct backends the canary's metrics query (the builtin metrics' Prometheus included), or
     * what is missing to query them: {@code --prometheus} for builtin metrics without a metrics server,
     * or for Prometheus templates without an address.
     */
    private Optional<String> referencedSources(Canary target, InMemoryCanaryStore store, List<MetricSource> sources) {
        String server = target.spec().metricsServer();
        for (CanaryMetric metric : target.analysis().metrics()) {
            if (metric.isBuiltin()) {
                if (server == null || server.isBlank()) {
                    return Optional.of("the builtin metric " + metric.name()
                            + " needs a Prometheus: pass --prometheus URL (or set spec.metricsServer)");
                }
                add(sources, new MetricSource(target.namespace(), MetricTemplateProvider.prometheus(server)));
                continue;
            }
            CrossNamespaceObjectReference ref = metric.templateRef();
            if (ref == null) {
                continue;
            }
            Optional<MetricTemplate> template = store.metricTemplate(ref.namespaceOr(target.namespace()), ref.name());
            if (template.isEmpty()) {
                continue; // the check itself reports the missing template
            }
            MetricTemplateProvider provider = template.get().spec().provider();
            String address = provider.address();
            if ("prometheus".equals(provider.type()) && (address == null || address.isBlank())) {
                return Optional.of("MetricTemplate " + ref.name() + " has no provider.address: pass --prometheus URL");
            }
            add(sources, new MetricSource(ref.namespaceOr(target.namespace()), provider));
        }
        return Optional.empty();
    }

    private static void add(List<MetricSource> sources, MetricSource source) {
        if (!sources.contains(source)) {
            sources.add(source);
        }
    }

    private String describe(MetricSource source) {
        String address = source.provider().address();
        if ("prometheus".equals(source.type()) && prometheus != null && prometheus.equals(address)) {
            return "--prometheus " + Redaction.url(prometheus);
        }
        return source.type() + (address == null || address.isBlank() ? "" : " " + Redaction.url(address))
                + (source.provider().region() == null ? "" : " (" + source.provider().region() + ")");
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
