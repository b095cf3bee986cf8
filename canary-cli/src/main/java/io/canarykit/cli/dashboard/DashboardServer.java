package io.canarykit.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.Canary;
import io.canarykit.cli.cluster.CanaryJson;
import io.canarykit.cli.cluster.CanaryWatch;
import io.canarykit.cli.cluster.ClusterCanaries;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.testkit.report.TimelineReport;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
    private static final String ASSETS = "/io/canarykit/cli/dashboard/";
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
    private final Thread watcher;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "canary-dashboard-retry");
        t.setDaemon(true);
        return t;
    });
    private final RequestGuard guard;
    private final Map<String, String> shown = new HashMap<>();
    private volatile @Nullable Watch watch;
    private volatile boolean stopping;

    private DashboardServer(ClusterCanaries canaries, Optional<String> scope, InetSocketAddress address, Clock clock) throws IOException {
        this.canaries = Objects.requireNonNull(canaries, "canaries");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.clock = Objects.requireNonNull(clock, "clock");
        BlockingQueue<CanaryWatch.Change> changes = new LinkedBlockingQueue<>();
        // The port first: a taken one is reported before anything is read from the cluster.
        this.server = HttpServer.create(address, 0);
        try {
            ClusterCanaries.Listed listed = canaries.listed(scope);
            listed.canaries().forEach(this::observe);
            this.watch = CanaryWatch.list(canaries, scope, listed.resourceVersion(), changes);
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
        this.watcher = new Thread(() -> follow(changes), "canary-dashboard-watch");
        watcher.setDaemon(true);
    }

    /** Lists the canaries of {@code scope} (every namespace when empty), starts watching them and serves the dashboard. */
    public static DashboardServer start(ClusterCanaries canaries, Optional<String> scope, InetSocketAddress address, Clock clock)
            throws IOException {
        DashboardServer dashboard = new DashboardServer(canaries, scope, address, clock);
        dashboard.watcher.start();
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
        // First: closing the watch reports its end, which must not be taken for one to reopen.
        stopping = true;
        watcher.interrupt();
        retries.shutdownNow();
        Watch open = watch;
        if (open != null) {
            open.close();
        }
        hub.close();
        server.stop(0);
        handlers.shutdownNow();
    }

    /** Applies the watch's changes in order: each new state is a tick of its run and an event to the pages. */
    private void follow(BlockingQueue<CanaryWatch.Change> changes) {
        try {
            while (!stopping) {
                CanaryWatch.Change change = changes.take();
                if (stopping) {
                    return;
                }
                if (change.closed() != null) {
                    LOG.warn("the watch on canaries ended ({}); listing them again", change.closed());
                    reopen(changes);
                    continue;
                }
                Canary canary;
                try {
                    canary = CanaryResources.toCanary(Objects.requireNonNull(change.resource()));
                } catch (RuntimeException e) {
                    // One Canary the model cannot read must not stop the page from following the others.
                    LOG.warn("skipping a change the dashboard cannot read: {}", e.toString());
                    continue;
                }
                if (change.action() == Watcher.Action.DELETED) {
                    runs.forget(canary.namespace(), canary.name());
                    shown.remove(canary.metadata().key());
                    ObjectNode gone = JSON.createObjectNode().put("namespace", canary.namespace()).put("name", canary.name());
                    hub.publish("deleted", gone.toString());
                    continue;
                }
                String version = Objects.requireNonNullElse(canary.metadata().resourceVersion(), "");
                if (!version.equals(shown.get(canary.metadata().key()))) {
                    observe(canary);
                    hub.publish("canary", CanaryJson.summary(canary, clock.instant()).toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After the API server ended the watch (it does so every few minutes, or with 410 Gone when the
     * version is too old): list again, publish what changed meanwhile and watch from the new list.
     */
    private void reopen(BlockingQueue<CanaryWatch.Change> changes) {
        try {
            ClusterCanaries.Listed listed = canaries.listed(scope);
            for (Canary canary : listed.canaries()) {
                if (!Objects.requireNonNullElse(canary.metadata().resourceVersion(), "").equals(shown.get(canary.metadata().key()))) {
                    observe(canary);
                    hub.publish("canary", CanaryJson.summary(canary, clock.instant()).toString());
                }
            }
            watch = CanaryWatch.list(canaries, scope, listed.resourceVersion(), changes);
        } catch (KubernetesClientException e) {
            LOG.warn("cannot watch canaries again: {}; retrying in 5s", e.getMessage());
            // The retry arrives as another "closed" change, handled on the watch thread like the first.
            retries.schedule(() -> changes.add(new CanaryWatch.Change(null, null, "retry")), 5, TimeUnit.SECONDS);
        }
    }

    private void observe(Canary canary) {
        shown.put(canary.metadata().key(), Objects.requireNonNullElse(canary.metadata().resourceVersion(), ""));
        runs.observe(canary, clock.instant());
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

    private static boolean allowed(HttpExchange exchange, String method) throws IOException {
        if (method.equals(exchange.getRequestMethod()) || ("GET".equals(method) && "HEAD".equals(exchange.getRequestMethod()))) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        error(exchange, 405, exchange.getRequestMethod() + " is not allowed here; use " + method);
        return false;
    }

    private static void asset(HttpExchange exchange, String file) throws IOException {
        byte[] body;
        try (InputStream in = DashboardServer.class.getResourceAsStream(ASSETS + file)) {
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

    private static void json(HttpExchange exchange, int code, ObjectNode node) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, code, CanaryJson.write(node, false).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int code, String message) throws IOException {
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
