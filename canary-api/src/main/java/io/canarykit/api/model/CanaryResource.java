package io.canarykit.api.model;

/** A manifest CanaryKit understands: a Canary, a MetricTemplate or an AlertProvider. */
public sealed interface CanaryResource permits Canary, MetricTemplate, AlertProvider {

    /** Flagger's API group and version, the default for every kind. */
    String FLAGGER_API_VERSION = "flagger.app/v1beta1";

    String apiVersion();

    String kind();

    ObjectMeta metadata();
}
