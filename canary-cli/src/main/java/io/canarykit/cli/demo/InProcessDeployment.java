package io.canarykit.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One of the demo's two "deployments" (the primary, or the canary that runs the new revision) as a
 * real HTTP server on 127.0.0.1. {@code GET /} answers as the deployed {@link Release} does;
 * {@code GET /metrics} exposes {@code http_requests_total} in the Prometheus text format with the
 * labels the reference error-rate template selects on ({@code namespace}, {@code kubernetes_pod_name},
 * {@code status}).
 */
public final class InProcessDeployment implements AutoCloseable {

    private final String podName;
    private final String namespace;
    private final Loopback.Server server;
    private volatile Release release;
    private long served;
    private final Map<Integer, Long> statuses = new TreeMap<>();

    /** Starts serving {@code release}; {@code podName} is the name its metrics carry. */
    public InProcessDeployment(String namespace, String podName, Release release) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.podName = Objects.requireNonNull(podName, "podName");
        this.release = Objects.requireNonNull(release, "release");
        this.server = Loopback.start(podName, 4, http -> {
            http.createContext("/", this::serve);
            http.createContext("/metrics", this::metrics);
        });
    }

    /** Rolls out {@code next}: from now on every request is answered by it. */
    public void deploy(Release next) {
        release = Objects.requireNonNull(next, "next");
    }

    public Release release() {
        return release;
    }

    public URI uri() {
        return server.uri();
    }

    public String podName() {
        return podName;
    }

    /** Requests answered so far. */
    public synchronized long served() {
        return served;
    }

    private void serve(HttpExchange exchange) throws IOException {
        Release current = release;
        long number;
        synchronized (this) {
            number = ++served;
        }
        boolean fail = current.failEvery() > 0 && number % current.failEvery() == 0;
        int status = fail ? 500 : 200;
        synchronized (this) {
            statuses.merge(status, 1L, Long::sum);
        }
        String body = fail ? "web " + current.version() + ": internal error\n" : "hello from web " + current.version() + "\n";
        respond(exchange, status, body, "text/plain; charset=utf-8");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        StringBuilder text = new StringBuilder()
                .append("# HELP http_requests_total Total HTTP requests served.\n")
                .append("# TYPE http_requests_total counter\n");
        synchronized (this) {
            statuses.forEach((status, count) -> text.append("http_requests_total{namespace=\"").append(namespace)
                    .append("\",kubernetes_pod_name=\"").append(podName).append("\",status=\"").append(status)
                    .append("\"} ").append(count).append('\n'));
        }
        respond(exchange, 200, text.toString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    static void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
