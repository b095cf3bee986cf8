package io.canarykit.gatewayapi;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/**
 * The Gateway API CRD the router needs in an API server of its own (a mock server in tests and
 * demos): {@code httproutes.gateway.networking.k8s.io} (v1, or v1beta1) with the status subresource. Real clusters
 * install the Gateway API's own CRDs; this one carries no schema.
 */
public final class GatewayApiCrds {

    private GatewayApiCrds() {
    }

    public static CustomResourceDefinition httpRoute() {
        return httpRoute(GatewayApiVersion.V1);
    }

    /** The CRD serving HTTPRoutes in {@code version} only (a cluster on a Gateway API release before v1.0 for {@code v1beta1}). */
    public static CustomResourceDefinition httpRoute(GatewayApiVersion version) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(HttpRouteSchema.CRD_NAME).endMetadata()
                .withNewSpec().withGroup(GatewayApiVersion.GROUP).withScope("Namespaced")
                .withNewNames().withKind("HTTPRoute").withListKind("HTTPRouteList").withPlural("httproutes").withSingular("httproute")
                .endNames()
                .addNewVersion().withName(version.version()).withServed(true).withStorage(true).withNewSubresources().withNewStatus()
                .endStatus().endSubresources().withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }
}
