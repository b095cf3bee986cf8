package io.canarykit.gatewayapi;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/**
 * The Gateway API CRD the router needs in an API server of its own (a mock server in tests and
 * demos): {@code httproutes.gateway.networking.k8s.io} v1 with the status subresource. Real clusters
 * install the Gateway API's own CRDs; this one carries no schema.
 */
public final class GatewayApiCrds {

    private GatewayApiCrds() {
    }

    public static CustomResourceDefinition httpRoute() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName("httproutes.gateway.networking.k8s.io").endMetadata()
                .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
                .withNewNames().withKind("HTTPRoute").withListKind("HTTPRouteList").withPlural("httproutes").withSingular("httproute")
                .endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSubresources().withNewStatus().endStatus()
                .endSubresources().withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }
}
