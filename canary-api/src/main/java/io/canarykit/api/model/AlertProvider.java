package io.canarykit.api.model;

/** An AlertProvider: a chat destination (Slack, MS Teams, Discord, Rocket, Google Chat). */
public record AlertProvider(String apiVersion, String kind, ObjectMeta metadata, AlertProviderSpec spec)
        implements CanaryResource {

    public static final String KIND = "AlertProvider";

    public AlertProvider {
        apiVersion = apiVersion == null ? FLAGGER_API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.of("", "") : metadata;
        spec = spec == null ? new AlertProviderSpec(null, null, null, null, null, null) : spec;
    }

    public static AlertProvider of(ObjectMeta metadata, AlertProviderSpec spec) {
        return new AlertProvider(FLAGGER_API_VERSION, KIND, metadata, spec);
    }
}
