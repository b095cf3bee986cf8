package io.canarykit.providers.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP server (JDK {@code HttpServer}) standing in for a vendor's API: it answers each
 * request with a scripted reply (status, body, headers), records what it received, and can hang
 * until closed (for time-outs). Shared with the provider modules through this module's test jar.
 */
public final class StubBackend implements AutoCloseable {

    /** A scripted reply; {@code status} 0 means: hang until {@link #close()}. */
    public record Reply(int status, String body, Map<String, String> headers, byte @Nullable [] bytes) {
        public Reply {
            headers = Map.copyOf(headers);
        }

        public Reply(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null);
        }

        /** A binary body (CBOR, protobuf). */
        public static Reply binary(int status, byte[] bytes, Map<String, String> headers) {
            return new Reply(status, "", headers, bytes.clone());
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"));
        }

        public static Reply ok(String body) {
            return json(200, body);
        }

        public static Reply hang() {
            return new Reply(0, "", Map.of());
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, body, copy, bytes);
        }
    }

    /** What one request carried. */
    public record Received(String method, URI uri, Headers headers, String body, byte[] bytes) {
        public String path() {
            return uri.getRawPath();
        }

        /** The decoded query parameters (last value wins). */
        public Map<String, String> params() {
            Map<String, String> params = new LinkedHashMap<>();
            String raw = uri.getRawQuery();
            if (raw == null) {
                return params;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return params;
        }

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    /** {@code script} is given the received request and its 1-based number. */
    public StubBackend(Function<Received, Reply> script) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> answer(exchange, script));
        server.start();
    }

    private void answer(HttpExchange exchange, Function<Received, Reply> script) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(),
                new String(raw, StandardCharsets.UTF_8), raw);
        received.add(request);
        Reply reply;
        try {
            reply = script.apply(request);
        } catch (RuntimeException e) {
            reply = new Reply(599, "stub script failed: " + e, Map.of());
        }
        if (reply.status() == 0) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = reply.bytes() != null ? reply.bytes() : reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.get(received.size() - 1);
    }

    /** A URL on which nothing listens. */
    public static String closedUrl() {
        StubBackend stub = new StubBackend(r -> Reply.ok(""));
        String url = stub.url();
        stub.close();
        return url;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
