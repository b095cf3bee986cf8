package io.canarykit.k8s.operator;

import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.WatchScope;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What router factories get: the client, the operator's informer caches, its scope and the
 * extra informers by the name they were registered under (one per watched namespace).
 */
public record OperatorContext(KubernetesClient client, KubernetesCaches caches, WatchScope scope,
        Map<String, List<SharedIndexInformer<?>>> extraInformers) {

    public OperatorContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(scope, "scope");
        extraInformers = Map.copyOf(extraInformers);
    }

    /** The informers registered as {@code name}; empty when there are none. */
    public List<SharedIndexInformer<?>> informers(String name) {
        return extraInformers.getOrDefault(name, List.of());
    }
}
