package io.canarykit.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The Kubernetes object metadata CanaryKit reads and keeps. Other metadata fields of a live object
 * (managedFields, ownerReferences, ...) belong to the API server and are not part of a manifest.
 */
public record ObjectMeta(
        String name,
        String namespace,
        @Nullable String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        @Nullable Long generation,
        @Nullable String resourceVersion,
        List<String> finalizers,
        @Nullable Instant creationTimestamp,
        @Nullable Instant deletionTimestamp) {

    /** The namespace used when a manifest names none. */
    public static final String DEFAULT_NAMESPACE = "default";

    public ObjectMeta {
        name = Copies.text(name);
        namespace = Copies.text(namespace);
        labels = Copies.map(labels);
        annotations = Copies.map(annotations);
        finalizers = Copies.list(finalizers);
    }

    public static ObjectMeta of(String namespace, String name) {
        return new ObjectMeta(Objects.requireNonNull(name, "name"), Objects.requireNonNull(namespace, "namespace"),
                null, Map.of(), Map.of(), null, null, List.of(), null, null);
    }

    /** The namespace, or {@code default} when the manifest left it out (as kubectl does). */
    public String namespaceOrDefault() {
        return namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }

    /** {@code <name>.<namespace>}, the way Flagger names objects in events. */
    public String dotted() {
        return name + "." + namespaceOrDefault();
    }

    /** {@code <namespace>/<name>}. */
    public String key() {
        return namespaceOrDefault() + "/" + name;
    }

    public boolean isBeingDeleted() {
        return deletionTimestamp != null;
    }

    public ObjectMeta withResourceVersion(@Nullable String version) {
        return new ObjectMeta(name, namespace, uid, labels, annotations, generation, version, finalizers,
                creationTimestamp, deletionTimestamp);
    }

    /** A copy with {@code more} added to the annotations (replacing keys it shares with them). */
    public ObjectMeta withAnnotations(Map<String, String> more) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(annotations);
        merged.putAll(more);
        return new ObjectMeta(name, namespace, uid, labels, merged, generation, resourceVersion, finalizers,
                creationTimestamp, deletionTimestamp);
    }
}
