package io.canarykit.demo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of the demo's two "deployments" (the primary, or the canary that runs the new revision) as a
 * real HTTP server on 127.0.0.1. {@code GET /} answers as the deployed {@link Release} does;
 * {@code GET /metrics} exposes its {@link PodMetrics} in the Prometheus text format, and each such
 * scrape is noted so the demo can tell when, and how often, Prometheus scrapes it.
 */
public final class InProcessDeployment implements AutoCloseable {

    private final String podName;
    private final Loopback.Server server;
    private volatile Release release;
    private final PodMetrics metrics;
    private final List<Long> scrapes = new ArrayList<>();
    private long served;

    /** Starts serving {@code release}; {@code podName} is the name its metrics carry. */
    public InProcessDeployment(String namespace, String podName, Release release) {
        this.podName = Objects.requireNonNull(podName, "podName");
        this.release = Objects.requireNonNull(release, "release");
        this.metrics = new PodMetrics(Objects.requireNonNull(namespace, "namespace"), podName);
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

    /** {@code 127.0.0.1:port}, as a Prometheus target. */
    public String target() {
        return "127.0.0.1:" + server.port();
    }

    /** The {@link System#nanoTime()} of every {@code /metrics} request so far. */
    public synchronized List<Long> scrapes() {
        return List.copyOf(scrapes);
    }

    private void serve(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        Release current = release;
        long number;
        synchronized (this) {
            number = ++served;
        }
        boolean fail = current.failEvery() > 0 && number % current.failEvery() == 0;
        int status = fail ? 500 : 200;
        String body = fail ? "web " + current.version() + ": internal error\n" : "hello from web " + current.version() + "\n";
        respond(exchange, status, body, "text/plain; charset=utf-8");
        // As an instrumented server measures it: from the request's arrival to the response's last byte.
        metrics.record(status, Duration.ofNanos(System.nanoTime() - start));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        synchronized (this) {
            scrapes.add(System.nanoTime());
        }
        respond(exchange, 200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
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
