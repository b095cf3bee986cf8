package io.canarykit.cli.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Watches Canaries from a resourceVersion (the list's, or the one shown), so the watch reports what
 * changed since rather than the state already on screen, and hands each change to a queue: the
 * reader ({@code canary get -w}, the dashboard) handles them in order on its own thread.
 */
public final class CanaryWatch {

    private CanaryWatch() {
    }

    /** A Canary added, modified or deleted, or the end of the watch ({@code closed} says why). */
    public record Change(Watcher.@Nullable Action action, @Nullable GenericKubernetesResource resource, @Nullable String closed) {
    }

    /** Every Canary of {@code namespace}, or of the cluster when it is empty. */
    public static Watch list(ClusterCanaries canaries, Optional<String> namespace, String resourceVersion, BlockingQueue<Change> changes) {
        var resources = canaries.client().genericKubernetesResources(canaries.group().canaries());
        var since = new ListOptionsBuilder().withResourceVersion(resourceVersion).build();
        return namespace.isPresent() ? resources.inNamespace(namespace.get()).watch(since, new Forward(changes))
                : resources.inAnyNamespace().watch(since, new Forward(changes));
    }

    /** One Canary. */
    public static Watch one(ClusterCanaries canaries, String namespace, String name, String resourceVersion, BlockingQueue<Change> changes) {
        return canaries.client().genericKubernetesResources(canaries.group().canaries()).inNamespace(namespace).withName(name)
                .watch(resourceVersion, new Forward(changes));
    }

    private record Forward(BlockingQueue<Change> changes) implements Watcher<GenericKubernetesResource> {

        @Override
        public void eventReceived(Action action, GenericKubernetesResource resource) {
            changes.add(new Change(action, resource, null));
        }

        @Override
        public void onClose(WatcherException cause) {
            changes.add(new Change(null, null, cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }

        @Override
        public void onClose() {
            changes.add(new Change(null, null, "closed by the server"));
        }
    }
}
