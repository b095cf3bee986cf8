package io.canarykit.k8s.operator;

import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.WatchScope;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * The informers registered as {@code name} as one cache of {@code type} (a router's steady
     * reads); {@link ObjectCache#fresh} reads go to {@code direct}.
     */
    public <T extends HasMetadata> ObjectCache<T> cache(String name, Class<T> type, ObjectCache<T> direct) {
        return cache(name, stored -> Optional.of(stored).filter(type::isInstance).map(type::cast), direct);
    }

    /** As {@link #cache(String, Class, ObjectCache)}, with the stored object turned into the router's model by {@code model}. */
    public <T extends HasMetadata> ObjectCache<T> cache(String name, Function<Object, Optional<T>> model, ObjectCache<T> direct) {
        return new InformedCache<>(informers(name), model, direct);
    }
}
