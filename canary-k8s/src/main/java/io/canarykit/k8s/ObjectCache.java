package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/**
 * Where adapters read Kubernetes objects. An operator feeds it from informers (a steady tick then
 * issues no GET); {@link DirectObjectCache} reads the API server on every call, for tools that run
 * one tick and leave.
 */
public interface ObjectCache<T extends HasMetadata> {

    /** The object, or empty when it does not exist (as far as this cache knows). */
    Optional<T> get(String namespace, String name);

    /**
     * The object as the API server has it now, bypassing the cache: used after a conflict, when the
     * cached copy is known to be stale.
     */
    Optional<T> fresh(String namespace, String name);
}
