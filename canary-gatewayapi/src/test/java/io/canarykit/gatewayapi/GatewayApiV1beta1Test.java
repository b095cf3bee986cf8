package io.canarykit.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code provider: gatewayapi:v1beta1} on a cluster whose Gateway API predates v1.0 (HTTPRoutes served
 * in v1beta1 only): the same router writes and reads every route in v1beta1.
 */
class GatewayApiV1beta1Test {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create()
            .withCrds(List.of(GatewayApiCrds.httpRoute(GatewayApiVersion.V1BETA1)));

    private KubernetesClient client;
    private GatewayApiTrafficRouter router;
    private final Canary canary = canary();

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = GatewayApiTrafficRouter.of(client, HttpRouteCaches.direct(client, GatewayApiVersion.V1BETA1),
                HttpRouteSchema.UNKNOWN, GatewayApiVersion.V1BETA1);
    }

    @Test
    void theRouteIsCreatedAndWeightedInV1beta1() {
        router.reconcile(canary);
        K8S.requests().clear();

        router.setRoutes(canary, new Routes(90, 10, false));

        RequestCounts step = K8S.requests().drain();
        assertThat(step.count("PATCH")).as("a weight step is one JSON Patch").isEqualTo(1);
        assertThat(step.writes()).isEqualTo(1);
        GenericKubernetesResource stored = stored();
        assertThat(stored.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
        HTTPRoute route = io.canarykit.gatewayapi.internal.RouteApi.model(stored);
        assertThat(GatewayFixtures.weights(route.getSpec().getRules().get(0))).containsExactly("podinfo-primary=90",
                "podinfo-canary=10");
        assertThat(router.routes(canary)).isEqualTo(new Routes(90, 10, false));
    }

    @Test
    void everyRequestGoesToV1beta1AndRevertDeletesTheOwnedRoute() {
        router.reconcile(canary);
        router.setRoutes(canary, new Routes(50, 50, false));
        router.reconcile(canary);
        router.revert(canary);

        List<ApiRequest> requests = K8S.requests().drain().requests();
        assertThat(requests).filteredOn(r -> r.path().contains("/httproutes")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path()).startsWith("/apis/gateway.networking.k8s.io/v1beta1/"));
        assertThat(client.genericKubernetesResources(GatewayApiVersion.V1BETA1.httpRoutes()).inNamespace(GatewayFixtures.NS)
                .withName("podinfo").get()).isNull();
    }

    @Test
    void theVersionNamesItsProvidersAndEndpoint() {
        assertThat(GatewayApiVersion.V1BETA1.providers()).containsExactly("gatewayapi:v1beta1");
        assertThat(GatewayApiVersion.V1.providers()).containsExactly("gatewayapi", "gatewayapi:v1");
        assertThat(GatewayApiVersion.V1BETA1.apiVersion()).isEqualTo("gateway.networking.k8s.io/v1beta1");
    }

    private GenericKubernetesResource stored() {
        return client.genericKubernetesResources(GatewayApiVersion.V1BETA1.httpRoutes()).inNamespace(GatewayFixtures.NS)
                .withName("podinfo").get();
    }

    private static Canary canary() {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 3f1c2a6e-0000-4000-8000-000000000001
                spec:
                  provider: gatewayapi:v1beta1
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
                  service:
                    port: 9898
                    gatewayRefs: [{name: gateway, namespace: istio-ingress}]
                  analysis: {interval: 10s, threshold: 2, stepWeight: 10}
                """, "fixture").resourcesOrThrow().get(0);
    }
}
