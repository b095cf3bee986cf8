package io.canarykit.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.demo.PodMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The played pods' application: each Ready pod serves a steady 20 requests a second, of which the
 * fraction its {@code ERROR_RATE} variable names are answered with HTTP 500, and exposes them on
 * its own {@code /pods/<namespace>/<pod>/metrics} in the shape the reference error-rate template and
 * the builtin request-duration query select ({@link PodMetrics}, the demo's exporter). The real
 * Prometheus finds the pods as it would on a cluster, one target per pod: the file_sd file lists
 * each pod with its {@code __metrics_path__}, rewritten on every change.
 */
final class PodTraffic implements AutoCloseable {

    private static final int REQUESTS_PER_SECOND = 20;
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final Path targets;
    private final HttpServer server;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-traffic");
        t.setDaemon(true);
        return t;
    });

    PodTraffic(Path targets) {
        this.targets = targets;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pods/", this::scrape);
        server.start();
        writeTargets();
        long period = PERIOD.toMillis();
        timer.scheduleAtFixedRate(() -> pods.values().forEach(Pod::serveOnePeriod), period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts serving traffic as {@code namespace/name} (again: a no-op). */
    void serve(String namespace, String name, double errorRate) {
        if (pods.putIfAbsent(namespace + "/" + name, new Pod(new PodMetrics(namespace, name), errorRate)) == null) {
            writeTargets();
        }
    }

    void remove(String namespace, String name) {
        if (pods.remove(namespace + "/" + name) != null) {
            writeTargets();
        }
    }

    private void scrape(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String key = path.substring("/pods/".length()).replaceFirst("/metrics$", "");
        Pod pod = pods.get(key);
        byte[] body = (pod == null ? "" : pod.metrics.render()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(pod == null ? 404 : 200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private synchronized void writeTargets() {
        String address = "127.0.0.1:" + server.getAddress().getPort();
        String json = pods.keySet().stream().sorted()
                .map(key -> "{\"targets\": [\"" + address + "\"], \"labels\": {\"__metrics_path__\": \"/pods/" + key + "/metrics\"}}")
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
        try {
            Path temp = Files.createTempFile(targets.getParent(), ".targets", ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, targets, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.stop(0);
        pods.clear();
        writeTargets();
    }

    /** One played pod: its metrics and an error budget that turns the configured fraction of requests into 500s exactly. */
    private static final class Pod {
        private final PodMetrics metrics;
        private final double errorRate;
        private long served;
        private long failed;

        Pod(PodMetrics metrics, double errorRate) {
            this.metrics = metrics;
            this.errorRate = errorRate;
        }

        synchronized void serveOnePeriod() {
            long requests = REQUESTS_PER_SECOND * PERIOD.toMillis() / 1000;
            for (long i = 0; i < requests; i++) {
                served++;
                boolean fail = failed < Math.floor(served * errorRate);
                if (fail) {
                    failed++;
                }
                // 12 ms to 40 ms: a p99 far below the reference canary's 500 ms bound.
                metrics.record(fail ? 500 : 200, Duration.ofMillis(12 + (served * 7) % 29));
            }
        }
    }
}
