package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value derived from a Kubernetes object, kept per namespace/name at the resourceVersion it was
 * derived from: the same resourceVersion is the same object on the server, so a steady tick that
 * reads an unchanged object from the informer derives nothing again. One entry per object.
 */
final class PerResourceVersion<R extends HasMetadata, T> {

    private final Function<R, T> derive;
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

    PerResourceVersion(Function<R, T> derive) {
        this.derive = Objects.requireNonNull(derive, "derive");
    }

    T of(R resource) {
        String resourceVersion = resource.getMetadata().getResourceVersion();
        if (resourceVersion == null) {
            return derive.apply(resource);
        }
        String key = key(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        Entry<T> hit = entries.get(key);
        if (hit != null && hit.resourceVersion().equals(resourceVersion)) {
            return hit.value();
        }
        T value = derive.apply(resource);
        entries.put(key, new Entry<>(resourceVersion, value));
        return value;
    }

    /** What the object {@code namespace/name} derives to when it exists; when it is gone, forgets it. */
    Optional<T> ofPresent(String namespace, String name, Optional<R> resource) {
        if (resource.isEmpty()) {
            forget(namespace, name);
            return Optional.empty();
        }
        return Optional.of(of(resource.get()));
    }

    /** Keeps {@code value} as what {@code resource} derives to: the caller knows it without deriving (it wrote the object). */
    void remember(R resource, T value) {
        String resourceVersion = resource.getMetadata().getResourceVersion();
        if (resourceVersion != null) {
            entries.put(key(resource.getMetadata().getNamespace(), resource.getMetadata().getName()), new Entry<>(resourceVersion, value));
        }
    }

    /** Forgets the object, once it is gone. */
    void forget(String namespace, String name) {
        entries.remove(key(namespace, name));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private record Entry<T>(String resourceVersion, T value) {
    }
}
