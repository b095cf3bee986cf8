package io.canarykit.istio;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;

/**
 * The Istio CRDs the router needs in an API server of its own (a mock server in tests and demos):
 * {@code virtualservices} and {@code destinationrules} in {@code networking.istio.io/v1beta1}.
 * Real clusters install Istio's own CRDs; these carry no schema, so they validate nothing.
 */
public final class IstioCrds {

    private IstioCrds() {
    }

    public static List<CustomResourceDefinition> all() {
        return List.of(virtualService(), destinationRule());
    }

    public static CustomResourceDefinition virtualService() {
        return crd(IstioResources.VIRTUAL_SERVICE, "virtualservices", "virtualservice");
    }

    public static CustomResourceDefinition destinationRule() {
        return crd(IstioResources.DESTINATION_RULE, "destinationrules", "destinationrule");
    }

    private static CustomResourceDefinition crd(String kind, String plural, String singular) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + "." + IstioResources.GROUP).endMetadata()
                .withNewSpec().withGroup(IstioResources.GROUP).withScope("Namespaced")
                .withNewNames().withKind(kind).withListKind(kind + "List").withPlural(plural).withSingular(singular).endNames()
                .addNewVersion().withName(IstioResources.VERSION).withServed(true).withStorage(true).withNewSubresources()
                .withNewStatus().endStatus().endSubresources().withNewSchema().withNewOpenAPIV3Schema().withType("object")
                .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }
}
