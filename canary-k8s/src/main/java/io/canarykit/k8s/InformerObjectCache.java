package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ObjectCache} over a fabric8 informer's store. Fresh reads fall back to a direct one:
 * the informer catches up through its watch, the caller cannot wait for it.
 */
public final class InformerObjectCache<T extends HasMetadata> implements ObjectCache<T> {

    private final SharedIndexInformer<T> informer;
    private final ObjectCache<T> direct;

    private InformerObjectCache(SharedIndexInformer<T> informer, ObjectCache<T> direct) {
        this.informer = Objects.requireNonNull(informer, "informer");
        this.direct = Objects.requireNonNull(direct, "direct");
    }

    public static <T extends HasMetadata> InformerObjectCache<T> of(SharedIndexInformer<T> informer, ObjectCache<T> direct) {
        return new InformerObjectCache<>(informer, direct);
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public Optional<T> fresh(String namespace, String name) {
        return direct.fresh(namespace, name);
    }

    public SharedIndexInformer<T> informer() {
        return informer;
    }

    public boolean hasSynced() {
        return informer.hasSynced();
    }
}
