package io.canarykit.demo;

import com.sun.net.httpserver.HttpExchange;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A weighted HTTP proxy on 127.0.0.1 and the {@link TrafficRouter} that steers it: every request is
 * really forwarded to the primary or the canary deployment according to the split in force, and
 * recorded in the {@link RequestLog}. Requests are spread with smooth weighted round-robin (as
 * HAProxy's and nginx's balancers do), so 30% means 3 of every 10 requests, not 30% on average.
 */
public final class WeightedRouter implements TrafficRouter, AutoCloseable {

    private final URI primary;
    private final URI canary;
    private final RequestLog log;
    private final Clock clock;
    private final HttpClient client;
    private final Loopback.Server server;
    private final List<RouteChange> changes = new ArrayList<>();
    private Routes routes = Routes.PRIMARY_ONLY;
    private int primaryCredit;
    private int canaryCredit;

    public WeightedRouter(URI primary, URI canary, RequestLog log, Clock clock) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.canary = Objects.requireNonNull(canary, "canary");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.server = Loopback.start("router", 8, http -> http.createContext("/", this::proxy));
    }

    /** Where clients send their requests. */
    public URI uri() {
        return server.uri();
    }

    @Override
    public void reconcile(Canary c) {
        // The proxy exists from construction on; there is no routing object to create.
    }

    @Override
    public synchronized Routes routes(Canary c) {
        return routes;
    }

    @Override
    public synchronized void setRoutes(Canary c, Routes next) {
        Objects.requireNonNull(next, "next");
        if (!next.equals(routes)) {
            routes = next;
            primaryCredit = 0;
            canaryCredit = 0;
            changes.add(new RouteChange(clock.instant(), next));
        }
    }

    @Override
    public void revert(Canary c) {
        setRoutes(c, Routes.PRIMARY_ONLY);
    }

    /** Every split applied, in order, with the time it took effect. */
    public synchronized List<RouteChange> changes() {
        return List.copyOf(changes);
    }

    /** Smooth weighted round-robin: each side earns its weight, the richer one serves and pays 100. */
    private synchronized ServedRequest.Side pick() {
        primaryCredit += routes.primaryWeight();
        canaryCredit += routes.canaryWeight();
        if (canaryCredit > primaryCredit) {
            canaryCredit -= 100;
            return ServedRequest.Side.CANARY;
        }
        primaryCredit -= 100;
        return ServedRequest.Side.PRIMARY;
    }

    private void proxy(HttpExchange exchange) throws IOException {
        ServedRequest.Side side = pick();
        URI base = side == ServedRequest.Side.CANARY ? canary : primary;
        URI target = base.resolve(exchange.getRequestURI().getRawPath().substring(1)
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        long start = System.nanoTime();
        int status;
        String body;
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = 502;
            body = "bad gateway: " + e.getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            body = "router shutting down\n";
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        log.add(new ServedRequest(side, status, latency, clock.instant()));
        exchange.getResponseHeaders().set("X-Served-By", side == ServedRequest.Side.CANARY ? "canary" : "primary");
        InProcessDeployment.respond(exchange, status, body, "text/plain; charset=utf-8");
    }

    @Override
    public void close() {
        server.close();
    }

    /** A split and the instant the router started applying it. */
    public record RouteChange(Instant at, Routes routes) {
    }
}
