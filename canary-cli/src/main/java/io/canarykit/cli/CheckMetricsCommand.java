package io.canarykit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.CanaryException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricChecks;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.simulation.TimelineJson;
import io.canarykit.testkit.simulation.TimelineText;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code canary check-metrics --canary FILE [--templates FILE...] --prometheus URL [--time RFC3339] [--json]
 * [--plugin-path DIR]}
 * (DESIGN §6): a dry run of one analysis check against live data. Every metric is rendered as the
 * engine renders it, queried once against the given Prometheus (which replaces the addresses of
 * Prometheus MetricTemplates and {@code spec.metricsServer}, since those usually name in-cluster
 * services), and judged; MetricTemplates of other types are queried through the plugins of
 * {@code --plugin-path}. Exit 0 when every check passes, 1 when one does not (or a manifest is
 * invalid), 2 on a usage or I/O error, an unreachable Prometheus included.
 */
@Command(name = "check-metrics", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passes",
            "1:a check fails, has no data or cannot be evaluated, or a manifest is invalid",
            "2:usage error, unreadable file, unreachable metrics backend or unusable --plugin-path"},
        description = "Renders every metric of a Canary, queries a real Prometheus once and prints value, range and verdict.")
final class CheckMetricsCommand extends CliCommand {

    @Option(names = "--canary", required = true, paramLabel = "FILE",
            description = "The Canary manifest (it may also hold MetricTemplates).")
    private Path canary;

    @Option(names = "--templates", arity = "1..*", paramLabel = "FILE", description = "MetricTemplate manifests.")
    private List<Path> templates = new ArrayList<>();

    @Option(names = "--prometheus", required = true, paramLabel = "URL", description = "The Prometheus to query.")
    private String prometheus;

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
        if (!isHttpUrl(prometheus)) {
            err.println("canary: --prometheus: not an http(s) URL: " + prometheus);
            return CanaryCli.USAGE_OR_IO;
        }
        List<MetricProviderFactory> factories;
        try {
            factories = plugins.factories();
        } catch (CanaryException e) {
            err.println("canary: " + e.getMessage());
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
                store.apply("prometheus".equals(template.spec().provider().type()) ? template.withAddress(prometheus) : template);
            }
        }
        Canary target = canaries.get(0);
        target = target.withSpec(target.spec().withMetricsServer(prometheus));
        List<CheckResult> results;
        try (PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults()) {
            // An unreachable backend says nothing about the canary: an I/O error, not a failed check.
            if (provider.isOnline(new MetricSource(target.namespace(), MetricTemplateProvider.prometheus(prometheus)))
                    instanceof Availability.Offline offline) {
                err.println("canary: --prometheus " + prometheus + ": unreachable: " + offline.reason());
                return CanaryCli.USAGE_OR_IO;
            }
            MetricProviderRegistry.Builder registry = MetricProviderRegistry.builder().register(provider);
            ProviderContext context = new ProviderContext(Clock.systemUTC(), SecretResolver.NONE);
            factories.forEach(factory -> registry.register(factory.type(), factory.create(context)));
            results = MetricChecks.of(registry.build(), new PrometheusBuiltinMetrics(), store, prometheus,
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

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
