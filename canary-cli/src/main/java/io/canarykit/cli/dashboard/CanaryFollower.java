package io.canarykit.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.model.Canary;
import io.canarykit.cli.cluster.CanaryJson;
import io.canarykit.cli.cluster.CanaryWatch;
import io.canarykit.cli.cluster.ClusterCanaries;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the Canaries of a scope as {@code canary get -w} does (list, then watch from the list's
 * version) and hands every new state to the {@link LiveRuns} (a tick) and the {@link EventHub} (an
 * event for the pages). When the API server ends the watch, it lists again and watches anew.
 */
final class CanaryFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryFollower.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterCanaries canaries;
    private final Optional<String> scope;
    private final Clock clock;
    private final LiveRuns runs;
    private final EventHub hub;
    /** The resourceVersion last handled per canary; only the watch thread (and the constructor before it) touches it. */
    private final Map<String, String> shown = new HashMap<>();
    private final BlockingQueue<CanaryWatch.Change> changes = new LinkedBlockingQueue<>();
    private final Thread watcher;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "canary-dashboard-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile @Nullable Watch watch;
    private volatile boolean stopping;

    /** Lists the canaries (each is observed) and opens the watch; throws what the API server answered. */
    CanaryFollower(ClusterCanaries canaries, Optional<String> scope, Clock clock, LiveRuns runs, EventHub hub) {
        this.canaries = Objects.requireNonNull(canaries, "canaries");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.hub = Objects.requireNonNull(hub, "hub");
        ClusterCanaries.Listed listed = canaries.listed(scope);
        listed.canaries().forEach(this::observe);
        this.watch = CanaryWatch.list(canaries, scope, listed.resourceVersion(), changes);
        this.watcher = new Thread(this::follow, "canary-dashboard-watch");
        watcher.setDaemon(true);
    }

    void start() {
        watcher.start();
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
    }

    /** Applies the watch's changes in order: each new state is a tick of its run and an event to the pages. */
    private void follow() {
        try {
            while (!stopping) {
                CanaryWatch.Change change = changes.take();
                if (stopping) {
                    return;
                }
                if (change.closed() != null) {
                    LOG.warn("the watch on canaries ended ({}); listing them again", change.closed());
                    reopen();
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
    private void reopen() {
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
}
