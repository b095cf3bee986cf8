package io.canarykit.k8s;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an operator's informers watch: every namespace (an empty set), or the listed ones; and,
 * to shard canaries between replicas, an optional label selector that applies to Canaries only
 * (every label must match; the objects a canary refers to are watched whatever their labels).
 */
public record WatchScope(Set<String> namespaces, Map<String, String> canaryLabels) {

    /** Every namespace, every canary. */
    public static final WatchScope CLUSTER = new WatchScope(Set.of(), Map.of());

    public WatchScope {
        namespaces = Set.copyOf(new TreeSet<>(Objects.requireNonNull(namespaces, "namespaces")));
        canaryLabels = Map.copyOf(Objects.requireNonNull(canaryLabels, "canaryLabels"));
        if (namespaces.contains("")) {
            throw new IllegalArgumentException("a namespace must not be empty; an empty set means every namespace");
        }
    }

    public static WatchScope namespaces(String... names) {
        return new WatchScope(Set.of(names), Map.of());
    }

    public WatchScope withCanaryLabels(Map<String, String> labels) {
        return new WatchScope(namespaces, labels);
    }

    public boolean isClusterWide() {
        return namespaces.isEmpty();
    }

    /** Whether objects in {@code namespace} are watched. */
    public boolean covers(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
