package io.canarykit.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback proxy in front of a real Prometheus that answers the faults a real server cannot be made
 * to produce on demand (500, 503, garbage, a huge answer, an answer past the time-out); in
 * {@link Fault#NONE} it forwards every request unchanged, so data comes from the real server.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { NONE, HTTP_500, HTTP_503, GARBAGE_JSON, HUGE_ANSWER, SLOW_ANSWER }

    /** What {@link Fault#HUGE_ANSWER} streams (without a Content-Length) unless the client hangs up first. */
    static final long HUGE_BYTES = 100L * 1024 * 1024;

    private final HttpServer server;
    private final HttpClient forward = HttpClient.newHttpClient();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> new Thread(r, "fault-proxy"));
    private final String target;
    private final Duration slowBy;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong hugeBytesWritten = new AtomicLong();
    private volatile Fault fault = Fault.NONE;

    FaultProxy(String target, Duration slowBy) {
        this.target = target;
        this.slowBy = slowBy;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void inject(Fault value) {
        fault = value;
    }

    long hugeBytesWritten() {
        return hugeBytesWritten.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        switch (fault) {
            case HTTP_500 -> reply(exchange, 500, "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"injected failure\"}");
            case HTTP_503 -> reply(exchange, 503,
                    "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");
            case GARBAGE_JSON -> reply(exchange, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vec<html>");
            case HUGE_ANSWER -> huge(exchange);
            case SLOW_ANSWER -> {
                try {
                    if (closing.await(slowBy.toMillis(), TimeUnit.MILLISECONDS)) {
                        exchange.close();
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                forward(exchange, requestBody);
            }
            case NONE -> forward(exchange, requestBody);
        }
    }

    private void forward(HttpExchange exchange, byte[] requestBody) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(exchange.getRequestMethod(), requestBody.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        try {
            HttpResponse<byte[]> answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (IOException e) {
            // The real server is down or stopped: so is the proxy, to the client.
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        }
    }

    private void huge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        byte[] series = "{\"metric\":{\"pod\":\"web-0123456789\"},\"value\":[1700000000,\"1\"]},"
                .repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[".getBytes(StandardCharsets.UTF_8));
            while (hugeBytesWritten.get() < HUGE_BYTES) {
                out.write(series);
                hugeBytesWritten.addAndGet(series.length);
            }
        } catch (IOException e) {
            // The client stopped reading at its limit and closed the connection.
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
