package io.canarykit.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for Flagger's loadtester at the reference canary's {@code load-test} webhook: a real HTTP
 * server on loopback that records every payload the operator POSTs and answers 200 (the played pods
 * already carry steady traffic, see {@link PodTraffic}).
 */
final class LoadTester implements AutoCloseable {

    private final HttpServer server;
    private final List<String> payloads = new ArrayList<>();

    LoadTester() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String payload = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                synchronized (payloads) {
                    payloads.add(payload);
                }
            }
            byte[] answer = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<String> payloads() {
        synchronized (payloads) {
            return List.copyOf(payloads);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
