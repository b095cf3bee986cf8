package io.canarykit.cli;

import io.canarykit.api.CanaryException;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.core.validation.BuildCapabilities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code --plugin-path DIR}: metric provider plugins for the commands that read MetricTemplates.
 * Every jar in each directory is put on a class loader of its own and searched for
 * {@link MetricProviderFactory} entries (ServiceLoader), as an operator built with the plugin would
 * find them; their types count as "in this build" when validating.
 */
final class PluginOptions {

    /** The metric provider built into the CLI. */
    static final String PROMETHEUS = "prometheus";
    /** The metric provider types this CLI ships (check-metrics registers them all). */
    static final Set<String> SHIPPED_TYPES = Set.of(PROMETHEUS, "datadog", "newrelic", "graphite", "influxdb", "cloudwatch");
    /**
     * The {@code spec.provider}s CanaryKit's routers handle (the example operator registers each where its API is
     * served): Gateway API, ingress-nginx, Istio, Linkerd and the SMI versions, Knative and plain Kubernetes Services.
     */
    static final Set<String> ROUTERS = Set.of("gatewayapi", "gatewayapi:v1", "gatewayapi:v1beta1", "istio", "kubernetes",
            "knative", "linkerd", "nginx", "osm", "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3");

    @Option(names = "--plugin-path", paramLabel = "DIR",
            description = "A directory of plugin jars; their MetricProviderFactory services are loaded. Repeatable.")
    private List<Path> directories = new ArrayList<>();

    /** The plugins' factories; a directory or jar that cannot be used is a {@link CanaryException} (exit 2). */
    List<MetricProviderFactory> factories() {
        if (directories.isEmpty()) {
            return List.of();
        }
        List<URL> jars = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                throw new CanaryException("--plugin-path " + directory + ": not a directory");
            }
            jars.addAll(jars(directory));
        }
        ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), PluginOptions.class.getClassLoader());
        List<MetricProviderFactory> factories = new ArrayList<>();
        try {
            // Only the plugins' own factories: those the CLI ships (datadog, graphite, ...) are registered already.
            ServiceLoader.load(MetricProviderFactory.class, loader).stream()
                    .filter(provider -> provider.type().getClassLoader() != PluginOptions.class.getClassLoader())
                    .forEach(provider -> factories.add(provider.get()));
        } catch (ServiceConfigurationError e) {
            throw new CanaryException("--plugin-path: a plugin cannot be loaded: " + e.getMessage());
        }
        return factories;
    }

    /** What this CLI, with its plugins, can run. */
    BuildCapabilities capabilities(List<MetricProviderFactory> factories) {
        Set<String> types = new TreeSet<>(SHIPPED_TYPES);
        factories.forEach(f -> types.add(f.type()));
        return BuildCapabilities.of(types, ROUTERS);
    }

    private static List<URL> jars(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(url(jar));
            }
            if (urls.isEmpty()) {
                throw new CanaryException("--plugin-path " + directory + ": no jar in it");
            }
            return urls;
        } catch (IOException e) {
            throw new CanaryException("--plugin-path " + directory + ": cannot list: " + e.getMessage());
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
