package io.canarykit.gatewayapi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Objects;

/**
 * The HTTPRoute API version a router writes: {@code v1} for {@code provider: gatewayapi} and
 * {@code gatewayapi:v1}, {@code v1beta1} for {@code gatewayapi:v1beta1} (clusters on a Gateway API
 * release before v1.0). The two serve the same HTTPRoute fields the router writes, so the router
 * renders one model and only the endpoint differs.
 */
public enum GatewayApiVersion {
    V1("v1", List.of(GatewayApiTrafficRouter.PROVIDER, GatewayApiTrafficRouter.PROVIDER_V1)),
    V1BETA1("v1beta1", List.of("gatewayapi:v1beta1"));

    public static final String GROUP = "gateway.networking.k8s.io";

    private final String version;
    private final List<String> providers;

    GatewayApiVersion(String version, List<String> providers) {
        this.version = version;
        this.providers = providers;
    }

    /** {@code v1}, {@code v1beta1}. */
    public String version() {
        return version;
    }

    /** {@code gateway.networking.k8s.io/v1}. */
    public String apiVersion() {
        return GROUP + "/" + version;
    }

    /** The {@code spec.provider}s routed through this version. */
    public List<String> providers() {
        return providers;
    }

    /** Whether the API server serves HTTPRoutes in this version (API discovery). */
    public boolean isServed(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        return client.supports(apiVersion(), "HTTPRoute");
    }

    /** The HTTPRoute resource in this version, for generic clients and informers. */
    public ResourceDefinitionContext httpRoutes() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind("HTTPRoute")
                .withPlural("httproutes").withNamespaced(true).build();
    }
}
