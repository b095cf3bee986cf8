package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What counts as drift of an owned routing object: anything but status, metadata and weights. */
class DriftTest {

    private static GenericKubernetesResource route(int primaryWeight, String hostname, String resourceVersion) {
        GenericKubernetesResource route = new GenericKubernetesResourceBuilder().withApiVersion("gateway.networking.k8s.io/v1")
                .withKind("HTTPRoute").withNewMetadata().withName("web").withNamespace("prod").withResourceVersion(resourceVersion)
                .endMetadata().build();
        route.setAdditionalProperty("spec", Map.of("hostnames", List.of(hostname), "rules", List.of(Map.of("backendRefs", List.of(
                Map.of("name", "web-primary", "weight", primaryWeight), Map.of("name", "web-canary", "weight", 100 - primaryWeight))))));
        return route;
    }

    @Test
    void aWeightStepIsTheAnalysisOwnWriteNotDrift() {
        assertThat(CanaryOperator.drifted(route(90, "web.example", "1"), route(80, "web.example", "2"))).isFalse();
    }

    @Test
    void anotherSpecChangeIsDrift() {
        assertThat(CanaryOperator.drifted(route(90, "web.example", "1"), route(90, "changed.example", "2"))).isTrue();
    }
}
