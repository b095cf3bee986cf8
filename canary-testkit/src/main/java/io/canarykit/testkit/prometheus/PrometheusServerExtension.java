package io.canarykit.testkit.prometheus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real {@code prometheus} binary (Debian package {@code prometheus}) once per test class on
 * a free loopback port, with its own config and data directory, optionally pre-filled with an
 * OpenMetrics history through {@code promtool tsdb create-blocks-from openmetrics} so that queries at
 * fixed times have exact answers without waiting for scrapes, or scraping what a test names
 * ({@link #scraping}).
 *
 * <p>Without the binary the class is aborted with "prometheus not installed", or fails when
 * {@code CANARYKIT_REQUIRE_PROMETHEUS=true} (as CI sets it). {@code PROMETHEUS_BIN} may point at a
 * binary outside {@code PATH}.
 */
public final class PrometheusServerExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final String READY_LINE = "Server is ready to receive web requests";
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final Function<Path, String> NO_SCRAPES = dir -> "scrape_configs: []\n";

    private final Optional<String> history;
    private final Function<Path, String> scrapeConfigs;
    private Process process;
    private Path workDir;
    private String url;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private Optional<String> missing = Optional.empty();

    private PrometheusServerExtension(Optional<String> history, Function<Path, String> scrapeConfigs) {
        this.history = history;
        this.scrapeConfigs = scrapeConfigs;
    }

    public static PrometheusServerExtension empty() {
        return new PrometheusServerExtension(Optional.empty(), NO_SCRAPES);
    }

    /** A server whose TSDB holds {@code openMetrics} (time-stamped samples, ending in {@code # EOF}). */
    public static PrometheusServerExtension withHistory(String openMetrics) {
        return new PrometheusServerExtension(Optional.of(openMetrics), NO_SCRAPES);
    }

    /**
     * A server that scrapes (globally every 1 s): {@code scrapeConfigs} is given the server's work
     * directory (for target files, see {@link #workDir}) and answers the {@code scrape_configs:}
     * section of its configuration.
     */
    public static PrometheusServerExtension scraping(Function<Path, String> scrapeConfigs) {
        return new PrometheusServerExtension(Optional.empty(), Objects.requireNonNull(scrapeConfigs, "scrapeConfigs"));
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** The server's own directory (configuration, data), removed after the class. */
    public Path workDir() {
        return workDir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path binary = findBinary().orElse(null);
        if (binary == null) {
            String reason = "prometheus not installed (apt-get install --no-install-recommends prometheus, or set PROMETHEUS_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("CANARYKIT_REQUIRE_PROMETHEUS"))
                    || "true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new ExtensionConfigurationException(reason + ", and CI=true or CANARYKIT_REQUIRE_PROMETHEUS=true asks for it");
            }
            // Aborted per test, not here: Surefire reports a class aborted in beforeAll as 0 tests, not as skipped.
            missing = Optional.of(reason);
            return;
        }
        workDir = Files.createTempDirectory("canarykit-prometheus-");
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\n" + scrapeConfigs.apply(workDir));
        Path data = workDir.resolve("data");
        if (history.isPresent()) {
            backfill(binary.resolveSibling("promtool"), history.get(), data);
        }
        // A port found free may be taken before prometheus binds it: try a few.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            if (start(binary, config, data, port)) {
                url = "http://127.0.0.1:" + port;
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException("prometheus did not start; last output:\n" + String.join("\n", lastLines));
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        missing.ifPresent(Assumptions::abort);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private boolean start(Path binary, Path config, Path data, int port) throws Exception {
        process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y",
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=info")
                .redirectErrorStream(true)
                .start();
        // Wait for the ready log line rather than polling: the output is read until then, and drained after.
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(ready), "prometheus-output-" + port);
        reader.setDaemon(true);
        reader.start();
        boolean started;
        try {
            started = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            started = false;
        }
        if (started && isReady(port)) {
            return true;
        }
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return false;
    }

    private void readOutput(CompletableFuture<Boolean> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 30) {
                        lastLines.removeFirst();
                    }
                }
                if (line.contains(READY_LINE)) {
                    ready.complete(true);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.complete(false);
    }

    private static boolean isReady(int port) throws IOException, InterruptedException {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private static void backfill(Path promtool, String openMetrics, Path data) throws Exception {
        Path file = data.resolveSibling("history.om");
        Files.writeString(file, openMetrics);
        Process run = new ProcessBuilder(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                file.toString(), data.toString()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IllegalStateException("promtool backfill failed:\n" + output);
        }
    }

    private static Optional<Path> findBinary() {
        String explicit = System.getenv("PROMETHEUS_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
