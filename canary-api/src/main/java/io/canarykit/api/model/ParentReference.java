package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** A Gateway API parent reference ({@code service.gatewayRefs[]}). */
public record ParentReference(
        @Nullable String group,
        @Nullable String kind,
        String name,
        @Nullable String namespace,
        @Nullable String sectionName,
        @Nullable Integer port) {

    public static final String DEFAULT_GROUP = "gateway.networking.k8s.io";
    public static final String DEFAULT_KIND = "Gateway";

    public ParentReference {
        name = Copies.text(name);
    }

    public String groupOrDefault() {
        return group == null ? DEFAULT_GROUP : group;
    }

    public String kindOrDefault() {
        return kind == null || kind.isEmpty() ? DEFAULT_KIND : kind;
    }
}
