package io.canarykit.cli.dashboard;

import static io.canarykit.cli.dashboard.Responses.allowed;
import static io.canarykit.cli.dashboard.Responses.asset;
import static io.canarykit.cli.dashboard.Responses.error;
import static io.canarykit.cli.dashboard.Responses.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.Canary;
import io.canarykit.cli.cluster.CanaryJson;
import io.canarykit.cli.cluster.ClusterCanaries;
import io.canarykit.testkit.report.TimelineReport;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP server: the page and its assets from the jar, the canaries as JSON (the
 * shapes of {@code canary get --json}, plus the observed runs and their charts), a stream of
 * changes as server-sent events, and the actions, written exactly as the CLI commands write them.
 * A watch on the Canaries feeds both the runs and the stream.
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STATIC = Map.of("/", "index.html", "/index.html", "index.html",
            "/dashboard.css", "dashboard.css", "/dashboard.js", "dashboard.js");
    private static final String API = "/api/canaries";

    private final ClusterCanaries canaries;
    private final Optional<String> scope;
    private final Clock clock;
    private final LiveRuns runs = new LiveRuns();
    private final EventHub hub = new EventHub();
    private final HttpServer server;
    private final ExecutorService handlers;
    private final RequestGuard guard;
    private final CanaryFollower follower;

    private DashboardServer(ClusterCanaries canaries, Optional<String> scope, InetSocketAddress address, Clock clock) throws IOException {
        this.canaries = Objects.requireNonNull(canaries, "canaries");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The port first: a taken one is reported before anything is read from the cluster.
        this.server = HttpServer.create(address, 0);
        try {
            this.follower = new CanaryFollower(canaries, scope, clock, runs, hub);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
        this.guard = new RequestGuard(address.getAddress().isLoopbackAddress(), server.getAddress().getPort());
        // Each event stream holds a thread for as long as its page is open.
        this.handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "canary-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /** Lists the canaries of {@code scope} (every namespace when empty), starts watching them and serves the dashboard. */
    public static DashboardServer start(ClusterCanaries canaries, Optional<String> scope, InetSocketAddress address, Clock clock)
            throws IOException {
        DashboardServer dashboard = new DashboardServer(canaries, scope, address, clock);
        dashboard.follower.start();
        dashboard.server.start();
        return dashboard;
    }

    /** The page's address, such as {@code http://127.0.0.1:8080/}. */
    public URI url() {
        InetSocketAddress at = server.getAddress();
        String host = at.getAddress().isAnyLocalAddress() ? "127.0.0.1" : at.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort() + "/");
    }

    @Override
    public void close() {
        follower.close();
        hub.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (KubernetesClientException e) {
                // RBAC's refusal and a missing CRD keep their codes; anything else is the API server's failure, not the page's.
                int code = e.getCode() == 403 ? 403 : e.getCode() == 404 ? 404 : 502;
                error(exchange, code, "the API server answered " + (e.getCode() <= 0 ? "nothing" : e.getCode()) + ": "
                        + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
                error(exchange, 500, "the dashboard failed: " + e);
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        Optional<String> refused = guard.refuse(method, exchange.getRequestHeaders());
        if (refused.isPresent()) {
            error(exchange, 403, refused.get());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (STATIC.containsKey(path)) {
            if (allowed(exchange, "GET")) {
                asset(exchange, STATIC.get(path));
            }
        } else if (path.equals("/api/events")) {
            if (allowed(exchange, "GET")) {
                hub.serve(exchange);
            }
        } else if (path.equals(API)) {
            if (allowed(exchange, "GET")) {
                json(exchange, 200, CanaryJson.all(canaries.list(scope), clock.instant()));
            }
        } else if (path.startsWith(API + "/")) {
            canary(exchange, method, path.substring(API.length() + 1).split("/", -1));
        } else {
            error(exchange, 404, "no such page: " + path);
        }
    }

    private void canary(HttpExchange exchange, String method, String[] parts) throws IOException {
        if (parts.length == 2 && allowed(exchange, "GET")) {
            Optional<Canary> canary = canaries.get(parts[0], parts[1]);
            if (canary.isEmpty()) {
                error(exchange, 404, "canary " + parts[1] + " not found in namespace " + parts[0]);
                return;
            }
            json(exchange, 200, detail(canary.get()));
        } else if (parts.length == 3) {
            Optional<Action> action = Action.fromPath(parts[2]);
            if (action.isEmpty()) {
                error(exchange, 404, "no such action: " + parts[2] + " (promote, promote-full, abort, retry, pause, resume)");
            } else if (allowed(exchange, "POST")) {
                act(exchange, parts[0], parts[1], action.get());
            }
        } else if (parts.length != 2) {
            error(exchange, 404, "no such page: " + exchange.getRequestURI().getPath());
        }
    }

    /** {@code canary get NAME --json}, plus the runs the dashboard observed and the charts of the one shown. */
    private ObjectNode detail(Canary canary) {
        ObjectNode node = CanaryJson.one(canary, canaries.events(canary), clock.instant());
        Optional<CanaryRuns> observed = runs.of(canary.namespace(), canary.name());
        ArrayNode history = node.putArray("runs");
        observed.map(CanaryRuns::history).orElse(List.of()).forEach(run -> {
            ObjectNode r = history.addObject();
            r.put("start", run.start().toString());
            r.put("current", !run.ended());
            r.put("result", run.timeline().result().wireName());
            ArrayNode ticks = r.putArray("ticks");
            for (Tick tick : run.ticks()) {
                ticks.addObject().put("atSeconds", tick.at().toSeconds()).put("phase", tick.phase().wireName())
                        .put("canaryWeight", tick.canaryWeight()).put("failedChecks", tick.failedChecks())
                        .put("iterations", tick.iterations());
            }
        });
        // Charted against the canary as it is now, whose metrics name the units.
        node.put("charts", observed.flatMap(CanaryRuns::shown)
                .map(run -> TimelineReport.charts(new Timeline(canary, run.ticks()))).orElse(""));
        return node;
    }

    private void act(HttpExchange exchange, String namespace, String name, Action action) throws IOException {
        ObjectNode done = JSON.createObjectNode().put("namespace", namespace).put("name", name).put("action", action.path());
        if (action.command().isPresent()) {
            Optional<String> id = canaries.request(namespace, name, action.command().get());
            if (id.isEmpty()) {
                error(exchange, 404, "canary " + name + " not found in namespace " + namespace);
                return;
            }
            LOG.info("canary={}/{} {} requested from the dashboard (command-id {})", namespace, name, action.path(), id.get());
            json(exchange, 200, done.put("commandId", id.get()).put("message", action.path() + " requested (command-id " + id.get()
                    + "); the operator carries it out at its next tick"));
            return;
        }
        boolean pause = action == Action.PAUSE;
        ClusterCanaries.Suspension result = canaries.pause(namespace, name, pause);
        if (result == ClusterCanaries.Suspension.NOT_FOUND) {
            error(exchange, 404, "canary " + name + " not found in namespace " + namespace);
            return;
        }
        json(exchange, 200, done.put("message", result == ClusterCanaries.Suspension.ALREADY
                ? "already " + (pause ? "paused" : "running")
                : pause ? "paused (spec.suspend: true)" : "resumed (spec.suspend: false)"));
    }
}
