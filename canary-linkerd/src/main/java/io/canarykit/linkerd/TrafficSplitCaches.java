package io.canarykit.linkerd;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Where the router reads TrafficSplits, following canary-k8s's {@link ObjectCache} pattern: direct
 * reads, or an informer (an operator's choice: a steady tick then issues no GET). Close an
 * informing cache with {@code cache.informer().close()}.
 */
public final class TrafficSplitCaches {

    private TrafficSplitCaches() {
    }

    /** Every read is a GET of the split in {@code version}. */
    public static ObjectCache<GenericKubernetesResource> direct(KubernetesClient client, SmiVersion version) {
        Objects.requireNonNull(client, "client");
        return DirectObjectCache.of(client.genericKubernetesResources(version.trafficSplits()), SmiVersion.KIND);
    }

    /** Starts an informer on TrafficSplits in {@code version} in {@code namespace}, or in every namespace when it is empty. */
    public static InformerObjectCache<GenericKubernetesResource> informing(KubernetesClient client, SmiVersion version,
            String namespace) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        var operation = client.genericKubernetesResources(version.trafficSplits());
        var informer = namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
        return InformerObjectCache.of(informer, direct(client, version));
    }
}
