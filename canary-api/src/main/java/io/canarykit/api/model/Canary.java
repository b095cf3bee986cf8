package io.canarykit.api.model;

import java.util.Objects;

/** A Canary: a progressive release of {@code spec.targetRef} and the state of its analysis. */
public record Canary(String apiVersion, String kind, ObjectMeta metadata, CanarySpec spec, CanaryStatus status)
        implements CanaryResource {

    public static final String KIND = "Canary";

    public Canary {
        apiVersion = apiVersion == null ? FLAGGER_API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? new CanarySpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null) : spec;
        status = status == null ? CanaryStatus.EMPTY : status;
    }

    public static Canary of(ObjectMeta metadata, CanarySpec spec) {
        return new Canary(FLAGGER_API_VERSION, KIND, metadata, spec, CanaryStatus.EMPTY);
    }

    public Canary withStatus(CanaryStatus newStatus) {
        return new Canary(apiVersion, kind, metadata, spec, Objects.requireNonNull(newStatus, "newStatus"));
    }

    public Canary withSpec(CanarySpec newSpec) {
        return new Canary(apiVersion, kind, metadata, Objects.requireNonNull(newSpec, "newSpec"), status);
    }

    public Canary withMetadata(ObjectMeta newMetadata) {
        return new Canary(apiVersion, kind, Objects.requireNonNull(newMetadata, "newMetadata"), spec, status);
    }

    public String name() {
        return metadata.name();
    }

    public String namespace() {
        return metadata.namespaceOrDefault();
    }

    public CanaryAnalysis analysis() {
        return spec.analysisOrDefault();
    }
}
