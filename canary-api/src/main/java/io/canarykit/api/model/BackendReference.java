package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** A Gateway API {@code BackendObjectReference}. */
public record BackendReference(
        @Nullable String group, @Nullable String kind, String name, @Nullable String namespace, @Nullable Integer port) {

    public BackendReference {
        name = Copies.text(name);
    }
}
