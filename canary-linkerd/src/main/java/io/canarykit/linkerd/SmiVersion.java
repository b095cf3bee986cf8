package io.canarykit.linkerd;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;

/**
 * The {@code split.smi-spec.io} version a router writes its TrafficSplit in. The three versions
 * carry the same two fields the router writes ({@code spec.service} and {@code spec.backends});
 * they differ in how a backend's weight is written: {@code v1alpha1} takes a Kubernetes quantity,
 * written as Flagger writes it (a decimal string such as {@code "90"}), {@code v1alpha2} and
 * {@code v1alpha3} take an integer.
 */
public enum SmiVersion {
    V1ALPHA1("v1alpha1", true),
    V1ALPHA2("v1alpha2", false),
    V1ALPHA3("v1alpha3", false);

    public static final String GROUP = "split.smi-spec.io";
    public static final String KIND = "TrafficSplit";

    private final String version;
    private final boolean quantityWeights;

    SmiVersion(String version, boolean quantityWeights) {
        this.version = version;
        this.quantityWeights = quantityWeights;
    }

    /** {@code v1alpha1}, {@code v1alpha2}, {@code v1alpha3}. */
    public String version() {
        return version;
    }

    /** {@code split.smi-spec.io/v1alpha1}, ... */
    public String apiVersion() {
        return GROUP + "/" + version;
    }

    /** Whether backend weights are quantities (v1alpha1) rather than integers. */
    public boolean quantityWeights() {
        return quantityWeights;
    }

    /** The version named {@code version} ({@code v1alpha2}); empty for any other text. */
    public static java.util.Optional<SmiVersion> of(String version) {
        for (SmiVersion v : values()) {
            if (v.version.equals(version)) {
                return java.util.Optional.of(v);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether the API server serves TrafficSplits in this version (API discovery). */
    public boolean isServed(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        return client.supports(apiVersion(), KIND);
    }

    /** The TrafficSplit resource in this version, for generic clients and informers. */
    public ResourceDefinitionContext trafficSplits() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(KIND)
                .withPlural("trafficsplits").withNamespaced(true).build();
    }
}
