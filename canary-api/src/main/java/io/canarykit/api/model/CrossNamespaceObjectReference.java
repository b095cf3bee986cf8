package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * A reference that may point into another namespace ({@code templateRef}, {@code providerRef},
 * {@code upstreamRef}); an empty namespace means the Canary's own.
 */
public record CrossNamespaceObjectReference(
        @Nullable String apiVersion, @Nullable String kind, String name, @Nullable String namespace) {

    public static final CrossNamespaceObjectReference EMPTY = new CrossNamespaceObjectReference(null, null, "", null);

    public CrossNamespaceObjectReference {
        name = Copies.text(name);
    }

    public static CrossNamespaceObjectReference of(String name, @Nullable String namespace) {
        return new CrossNamespaceObjectReference(null, null, name, namespace);
    }

    /** The referenced namespace, falling back to {@code defaultNamespace} when unset. */
    public String namespaceOr(String defaultNamespace) {
        return namespace == null || namespace.isEmpty() ? defaultNamespace : namespace;
    }
}
