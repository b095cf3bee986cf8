package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * A reference to an object in the Canary's namespace ({@code targetRef}, {@code ingressRef},
 * {@code routeRef}), Flagger's {@code LocalObjectReference}.
 */
public record LocalObjectReference(@Nullable String apiVersion, @Nullable String kind, String name) {

    public static final LocalObjectReference EMPTY = new LocalObjectReference(null, null, "");

    public LocalObjectReference {
        name = Copies.text(name);
    }
}
