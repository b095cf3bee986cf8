package io.canarykit.core.scheduler;

import io.canarykit.api.model.Canary;
import java.util.Objects;

/** Identifies a canary: namespace and name. */
public record CanaryKey(String namespace, String name) {

    public CanaryKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static CanaryKey of(Canary canary) {
        return new CanaryKey(canary.namespace(), canary.name());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
