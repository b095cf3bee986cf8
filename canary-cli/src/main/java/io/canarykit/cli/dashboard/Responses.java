package io.canarykit.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.canarykit.cli.cluster.CanaryJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** How the dashboard answers: JSON, errors as {@code {"error": ...}}, the page's files from the jar, 405 for a wrong method. */
final class Responses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSETS = "/io/canarykit/cli/dashboard/";

    private Responses() {
    }

    /** Whether the request uses {@code method} (HEAD counts as GET); if not, it is answered 405 with {@code Allow}. */
    static boolean allowed(HttpExchange exchange, String method) throws IOException {
        if (method.equals(exchange.getRequestMethod()) || ("GET".equals(method) && "HEAD".equals(exchange.getRequestMethod()))) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        error(exchange, 405, exchange.getRequestMethod() + " is not allowed here; use " + method);
        return false;
    }

    static void asset(HttpExchange exchange, String file) throws IOException {
        byte[] body;
        try (InputStream in = Responses.class.getResourceAsStream(ASSETS + file)) {
            if (in == null) {
                error(exchange, 404, "missing from the jar: " + file);
                return;
            }
            body = in.readAllBytes();
        }
        String type = file.endsWith(".css") ? "text/css" : file.endsWith(".js") ? "text/javascript" : "text/html";
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        // The page only talks to this server; nothing is framed, nothing loaded from elsewhere.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, 200, body);
    }

    static void json(HttpExchange exchange, int code, ObjectNode node) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, code, CanaryJson.write(node, false).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, int code, String message) throws IOException {
        json(exchange, code, JSON.createObjectNode().put("error", message));
    }

    private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
    }
}
