package io.canarykit.knative;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Knative Serving's {@code services} and {@code revisions} CRDs as Knative installs them (status
 * subresource on, schema left open), for clusters without Knative: tests, demos, a mock server.
 */
public final class KnativeCrds {

    private KnativeCrds() {
    }

    /** {@code services.serving.knative.dev} and {@code revisions.serving.knative.dev}. */
    public static List<CustomResourceDefinition> all() {
        return List.of(crd("Service", "services", "ksvc"), crd("Revision", "revisions", "rev"));
    }

    private static CustomResourceDefinition crd(String kind, String plural, String shortName) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + ".serving.knative.dev").endMetadata()
                .withNewSpec().withGroup("serving.knative.dev").withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(Locale.ROOT)).withShortNames(shortName)
                .endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
    }
}
