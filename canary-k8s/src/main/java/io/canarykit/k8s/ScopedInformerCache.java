package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectCache} over one informer per watched namespace (or a single cluster-wide one,
 * under the key {@code ""}). An object outside the watched namespaces is unknown to it: reads
 * there are empty rather than silently going to the API server.
 */
public final class ScopedInformerCache<T extends HasMetadata> implements ObjectCache<T> {

    private final Map<String, SharedIndexInformer<T>> informers;
    private final ObjectCache<T> direct;

    ScopedInformerCache(Map<String, SharedIndexInformer<T>> informers, ObjectCache<T> direct) {
        this.informers = Map.copyOf(informers);
        this.direct = Objects.requireNonNull(direct, "direct");
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        SharedIndexInformer<T> informer = informers.getOrDefault(namespace, informers.get(""));
        if (informer == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public Optional<T> fresh(String namespace, String name) {
        return direct.fresh(namespace, name);
    }

    /** Every object in the watched namespaces. */
    public List<T> list() {
        return informers.values().stream().flatMap(i -> i.getStore().list().stream()).toList();
    }

    public List<SharedIndexInformer<T>> informers() {
        return List.copyOf(informers.values());
    }

    public void addEventHandler(ResourceEventHandler<? super T> handler) {
        informers.values().forEach(i -> i.addEventHandler(handler));
    }

    public boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }
}
