package io.canarykit.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The example operator ({@code io.canarykit.examples.operator.OperatorMain}) as its own JVM process,
 * configured through the environment as its Deployment configures it, authenticated as the
 * {@code canarykit-operator} ServiceAccount (a kubeconfig holding that account's token, never the
 * admin's). Its log is kept in the case's directory; fabric8's informer package logs at debug so
 * that relists after {@code 410 Gone} can be seen.
 */
final class OperatorProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private OperatorProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Not an environment variable: in {@code env}, the log level of fabric8's informers (debug by default). */
    static final String INFORMER_LOG_LEVEL = "informer log level";

    /** Starts an operator named {@code name} (its POD_NAME) watching {@code namespace}, with {@code env} on top of the suite's defaults. */
    static OperatorProcess start(String name, Path kubeconfig, String namespace, String prometheusUrl, Path logDir,
            Map<String, String> env) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath(),
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                // Every watch event logged, for the cases that diagnose watches; the fleet measures without it.
                "-Dorg.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.informers=" + env.getOrDefault(INFORMER_LOG_LEVEL, "debug"),
                "io.canarykit.examples.operator.OperatorMain"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("KUBECONFIG", kubeconfig.toString());
        settings.put("POD_NAME", name);
        settings.put("WATCH_NAMESPACES", namespace);
        settings.put("METRICS_SERVER", prometheusUrl);
        settings.put("MESH_PROVIDER", "kubernetes");
        settings.put("PORT", Integer.toString(port));
        // E2E_OPERATOR_JVM_OPTIONS: e.g. a flight recording of the operators (-XX:StartFlightRecording=…), not of Maven's JVM.
        Optional.ofNullable(System.getenv("E2E_OPERATOR_JVM_OPTIONS")).ifPresent(options -> settings.put("JAVA_TOOL_OPTIONS", options));
        settings.putAll(env);
        settings.remove(INFORMER_LOG_LEVEL);
        Path log = logDir.resolve("operator-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_"));
        builder.environment().putAll(settings);
        try {
            return new OperatorProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status, once the process has ended. */
    Optional<Integer> exitValue() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** {@code GET /readyz} answers 200. */
    boolean ready() {
        return get("/readyz").map(body -> body.startsWith("ok")).orElse(false);
    }

    /** The Prometheus exposition of {@code /metrics}, empty when it cannot be read. */
    /** The CPU time the operator's process has used so far (user and system), as the kernel counts it. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + name));
    }

    Optional<String> metrics() {
        return get("/metrics");
    }

    /** SIGKILL: no shutdown hook runs, nothing is released, ticks in flight are cut short. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor()) {
                kill();
            }
        }
    }

    private boolean waitFor() {
        try {
            return process.waitFor(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<String> get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Surefire runs the tests from a manifest-only jar; the real classpath is in its own property. */
    private static String classpath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path")).orElse(System.getProperty("java.class.path"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
