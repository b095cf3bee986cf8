package io.canarykit.cli.demo;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code prometheus} binary, started as canary-testkit's {@code PrometheusServerExtension}
 * starts it (free loopback port, own config and data directory, ready log line awaited), but with the
 * scrape config the demo prints: a 1 s {@code file_sd_configs} job on {@code targetsFile}. That
 * extension always runs with {@code scrape_configs: []}, hence this helper.
 *
 * <p>Without the binary the test is aborted with the reason, unless {@code CI=true} or
 * {@code CANARYKIT_REQUIRE_PROMETHEUS=true}, which make it fail.
 */
final class ScrapingPrometheus implements AutoCloseable {

    private static final String READY_LINE = "Server is ready to receive web requests";

    private final Process process;
    private final String url;
    private final Path targetsFile;

    private ScrapingPrometheus(Process process, String url, Path targetsFile) {
        this.process = process;
        this.url = url;
        this.targetsFile = targetsFile;
    }

    static ScrapingPrometheus start(Path dir) throws Exception {
        Path binary = binary().orElse(null);
        if (binary == null) {
            String reason = "prometheus not installed (apt-get install --no-install-recommends prometheus, or set PROMETHEUS_BIN)";
            if ("true".equalsIgnoreCase(System.getenv("CANARYKIT_REQUIRE_PROMETHEUS")) || "true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason + ", and CI=true or CANARYKIT_REQUIRE_PROMETHEUS=true asks for it");
            }
            Assumptions.abort(reason);
        }
        Path targets = dir.resolve("canary-demo-targets.json");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                + new MetricsBackend.Prometheus(java.net.URI.create("http://127.0.0.1:1"), targets).scrapeConfig());
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=info").redirectErrorStream(true).start();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains(READY_LINE)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.complete(false);
        }, "prometheus-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.get(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("prometheus exited before it was ready (port " + port + " taken?)");
        }
        return new ScrapingPrometheus(process, "http://127.0.0.1:" + port, targets);
    }

    String url() {
        return url;
    }

    Path targetsFile() {
        return targetsFile;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Optional<Path> binary() {
        String explicit = System.getenv("PROMETHEUS_BIN");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "prometheus")).filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
