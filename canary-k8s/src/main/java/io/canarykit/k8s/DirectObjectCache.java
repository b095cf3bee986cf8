package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Objects;
import java.util.Optional;

/** An {@link ObjectCache} without a cache: every read is a GET. */
public final class DirectObjectCache<T extends HasMetadata> implements ObjectCache<T> {

    private final MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation;
    private final String kind;

    private DirectObjectCache(MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation,
            String kind) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public static <T extends HasMetadata> DirectObjectCache<T> of(
            MixedOperation<T, ? extends KubernetesResourceList<T>, ? extends Resource<T>> operation, String kind) {
        return new DirectObjectCache<>(operation, kind);
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return fresh(namespace, name);
    }

    @Override
    public Optional<T> fresh(String namespace, String name) {
        return Optional.ofNullable(KubernetesCalls.call("get " + kind + " " + namespace + "/" + name,
                () -> operation.inNamespace(namespace).withName(name).get()));
    }
}
