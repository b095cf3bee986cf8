package io.canarykit.api.model;

/** A MetricTemplate: a reusable query, rendered with the Canary's variables at each check. */
public record MetricTemplate(String apiVersion, String kind, ObjectMeta metadata, MetricTemplateSpec spec)
        implements CanaryResource {

    public static final String KIND = "MetricTemplate";

    public MetricTemplate {
        apiVersion = apiVersion == null ? FLAGGER_API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? new MetricTemplateSpec(null, null) : spec;
    }

    /** The same template querying {@code address} (a port-forward, a test server). */
    public MetricTemplate withAddress(String address) {
        return new MetricTemplate(apiVersion, kind, metadata, new MetricTemplateSpec(spec.provider().withAddress(address), spec.query()));
    }

    public static MetricTemplate of(ObjectMeta metadata, MetricTemplateSpec spec) {
        return new MetricTemplate(FLAGGER_API_VERSION, KIND, metadata, spec);
    }
}
