package io.canarykit.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code prometheus} process that a test may break the way production breaks it: stopped
 * ({@code SIGSTOP}, a hang: the kernel still accepts connections, nobody answers), killed
 * ({@code SIGKILL}), and started again on the same port with its history or with an empty TSDB.
 * {@link #close()} always leaves no process behind, stopped or running.
 */
final class PrometheusProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path workDir;
    private final Path history;
    private final int port;
    private Process process;
    private boolean suspended;
    private int generation;

    private PrometheusProcess(Path binary, Path workDir, Path history, int port) {
        this.binary = binary;
        this.workDir = workDir;
        this.history = history;
        this.port = port;
    }

    /**
     * Starts Prometheus with {@code openMetrics} backfilled, or aborts the test when the binary is missing
     * (failing instead when {@code CI} or {@code CANARYKIT_REQUIRE_PROMETHEUS} is true, as the testkit's extension does).
     */
    static PrometheusProcess withHistory(String openMetrics) throws Exception {
        Optional<Path> binary = findBinary();
        if (binary.isEmpty()) {
            String reason = "prometheus not installed (apt-get install --no-install-recommends prometheus, or set PROMETHEUS_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("CANARYKIT_REQUIRE_PROMETHEUS")) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason);
            }
            Assumptions.abort(reason);
        }
        Path workDir = Files.createTempDirectory("canarykit-prometheus-faults-");
        Files.writeString(workDir.resolve("prometheus.yml"), "global: {scrape_interval: 1s}\nscrape_configs: []\n");
        Path history = workDir.resolve("history");
        Path file = workDir.resolve("history.om");
        Files.writeString(file, openMetrics);
        Process promtool = new ProcessBuilder(binary.get().resolveSibling("promtool").toString(), "tsdb", "create-blocks-from",
                "openmetrics", file.toString(), history.toString()).redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(60, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
            throw new IllegalStateException("promtool backfill failed:\n" + output);
        }
        PrometheusProcess prometheus = new PrometheusProcess(binary.get(), workDir, history, freePort());
        prometheus.start(true);
        return prometheus;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the server (after a kill) on the same port, with the backfilled history or an empty TSDB. */
    void start(boolean withHistory) throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("prometheus is still running");
        }
        Path data = withHistory ? history : workDir.resolve("empty-" + (++generation));
        process = new ProcessBuilder(binary.toString(), "--config.file=" + workDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port, "--log.level=error")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        awaitReady();
    }

    /** SIGSTOP: the process is frozen; connections are accepted by the kernel and never answered. */
    void suspend() throws Exception {
        signal("STOP");
        suspended = true;
        awaitAllThreadsStopped();
    }

    // kill(1) returns once the signal is queued; a busy Go thread runs on for a moment: wait until every thread is in state T.
    private void awaitAllThreadsStopped() {
        Awaitility.await("every thread of prometheus stopped by SIGSTOP").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5)).until(this::allThreadsStopped);
    }

    private boolean allThreadsStopped() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
        }
        return true;
    }

    /** SIGCONT: the frozen process carries on (and answers what queued meanwhile). */
    void resume() throws Exception {
        if (suspended) {
            signal("CONT");
            suspended = false;
        }
    }

    /** SIGKILL, and waits until it is gone: connections are refused until {@link #start}. */
    void kill() throws Exception {
        resume();
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    // Starting a process is wall-clock time by nature: poll its readiness endpoint.
    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        Awaitility.await("prometheus ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(workDir.resolve("prometheus.log")));
            }
            try {
                return client.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    /** Resumes and kills the process, and removes its files: nothing is left stopped or running. */
    @Override
    public void close() throws Exception {
        try {
            if (process != null && process.isAlive()) {
                kill();
            }
        } finally {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Optional<Path> findBinary() {
        String explicit = System.getenv("PROMETHEUS_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
