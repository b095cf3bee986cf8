package io.canarykit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plugin jar at test time: a MetricProviderFactory of type {@value #TYPE} whose provider
 * answers every query with {@value #VALUE}, compiled from source against canary-api and listed in
 * {@code META-INF/services}. Its classes are on no class path but the jar's.
 */
final class PluginJar {

    static final String TYPE = "constant";
    static final double VALUE = 0.25;

    private static final String SOURCE = """
            package example.plugin;

            import io.canarykit.api.spi.*;

            public final class ConstantFactory implements MetricProviderFactory {
                public String type() { return "%s"; }

                public MetricProvider create(ProviderContext context) {
                    return new MetricProvider() {
                        public String type() { return "%s"; }
                        public MetricResult query(MetricQuery query) { return MetricResult.value(%s); }
                        public Availability isOnline(MetricSource source) { return Availability.ONLINE; }
                    };
                }
            }
            """.formatted(TYPE, TYPE, VALUE);

    private PluginJar() {
    }

    /** Writes {@code plugin.jar} into {@code directory} (compiling in a sibling work directory). */
    static Path write(Path directory, Path work) throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/example/plugin"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path source = Files.writeString(sources.resolve("ConstantFactory.java"), SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                source.toString());
        if (status != 0) {
            throw new IllegalStateException("the plugin did not compile");
        }
        Files.createDirectories(directory);
        Path jar = directory.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            put(out, "META-INF/services/io.canarykit.api.spi.MetricProviderFactory",
                    "example.plugin.ConstantFactory\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content);
        out.closeEntry();
    }

    /** A MetricTemplate of the plugin's type and a Canary that checks it (below 1) and nothing else. */
    static List<String> manifests() {
        return List.of("""
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata: {name: constant, namespace: prod}
                spec:
                  provider: {type: %s}
                  query: anything
                """.formatted(TYPE), """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: 3
                    maxWeight: 50
                    stepWeight: 10
                    metrics:
                      - name: constant
                        templateRef: {name: constant}
                        thresholdRange: {max: 1}
                """);
    }
}
