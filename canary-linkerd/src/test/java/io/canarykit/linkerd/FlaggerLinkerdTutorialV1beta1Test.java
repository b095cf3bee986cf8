package io.canarykit.linkerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.gatewayapi.GatewayApiCrds;
import io.canarykit.gatewayapi.GatewayApiTrafficRouter;
import io.canarykit.gatewayapi.GatewayApiVersion;
import io.canarykit.gatewayapi.HttpRouteCaches;
import io.canarykit.gatewayapi.HttpRouteSchema;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Gateway API canary of Flagger's Linkerd tutorial the way the tutorial installs Flagger
 * ({@code meshProvider: gatewayapi:v1beta1}): the route is written and read in {@code v1beta1}, and
 * Linkerd's acceptance (no {@code observedGeneration}) lets every step be read.
 */
class FlaggerLinkerdTutorialV1beta1Test {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create()
            .withCrds(List.of(GatewayApiCrds.httpRoute(GatewayApiVersion.V1BETA1)));

    @Test
    void theTutorialCanaryStepsOnAV1beta1RouteAcceptedByLinkerd() {
        KubernetesClient client = K8S.client();
        Canary canary = SmiFixtures.flaggerCanary("linkerd-gatewayapi-canary.yaml");
        GatewayApiTrafficRouter router = GatewayApiTrafficRouter.of(client, HttpRouteCaches.direct(client, GatewayApiVersion.V1BETA1),
                HttpRouteSchema.UNKNOWN, GatewayApiVersion.V1BETA1);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(5));

        GenericKubernetesResource route = stored(client);
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parentRefs = (List<Map<String, Object>>) ((Map<String, Object>) route.getAdditionalProperties()
                .get("spec")).get("parentRefs");
        assertThat(parentRefs).containsExactly(Map.of("group", "core", "kind", "Service", "name", "podinfo", "namespace", "test",
                "port", 9898));

        linkerdStatus(client, route, parentRefs.get(0), "False", "NoMatchingParent");
        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable())
                .isTrue()).hasMessageContaining("parent podinfo is not ready (status: False");

        linkerdStatus(client, stored(client), parentRefs.get(0), "True", "Accepted");
        for (int weight : new int[] {5, 10, 15}) {
            router.setRoutes(canary, Routes.canaryWeight(weight));
            assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(weight));
        }
    }

    private static GenericKubernetesResource stored(KubernetesClient client) {
        return client.genericKubernetesResources(GatewayApiVersion.V1BETA1.httpRoutes()).inNamespace("test").withName("podinfo").get();
    }

    /** Linkerd's policy controller: the parentRef as the route has it, Accepted without observedGeneration. */
    private static void linkerdStatus(KubernetesClient client, GenericKubernetesResource route, Map<String, Object> parentRef,
            String accepted, String reason) {
        route.getAdditionalProperties().put("status", Map.of("parents", List.of(Map.of(
                "controllerName", "linkerd.io/policy-controller",
                "parentRef", parentRef,
                "conditions", List.of(Map.of("type", "Accepted", "status", accepted, "reason", reason, "message", "",
                        "lastTransitionTime", "2026-01-01T00:00:00Z"))))));
        client.genericKubernetesResources(GatewayApiVersion.V1BETA1.httpRoutes()).inNamespace("test").resource(route).updateStatus();
    }
}
