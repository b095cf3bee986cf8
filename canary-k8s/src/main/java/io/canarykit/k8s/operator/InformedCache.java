package io.canarykit.k8s.operator;

import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An operator's extra informers of one kind — one per watched namespace, or one for the cluster —
 * read as one {@link ObjectCache}: a router's steady reads come from them, its fresh reads (after a
 * conflict) from the API server.
 */
final class InformedCache<T extends HasMetadata> implements ObjectCache<T> {

    private final List<SharedIndexInformer<?>> informers;
    private final Function<Object, Optional<T>> model;
    private final ObjectCache<T> direct;

    InformedCache(List<SharedIndexInformer<?>> informers, Function<Object, Optional<T>> model, ObjectCache<T> direct) {
        this.informers = List.copyOf(informers);
        this.model = Objects.requireNonNull(model, "model");
        this.direct = Objects.requireNonNull(direct, "direct");
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        String key = namespace + "/" + name;
        for (SharedIndexInformer<?> informer : informers) {
            Object stored = informer.getStore().getByKey(key);
            if (stored != null) {
                return model.apply(stored);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<T> fresh(String namespace, String name) {
        return direct.fresh(namespace, name);
    }
}
