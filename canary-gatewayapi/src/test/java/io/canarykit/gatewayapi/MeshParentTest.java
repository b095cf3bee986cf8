package io.canarykit.gatewayapi;

import static io.canarykit.gatewayapi.GatewayFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A mesh route (GAMMA): the HTTPRoute's parent is the apex Service, as Flagger's Linkerd tutorial
 * writes {@code gatewayRefs} ({@code group: core, kind: Service}). No Gateway accepts it; Linkerd's
 * policy controller writes the parent status, with {@code controllerName: linkerd.io/policy-controller}
 * and conditions that carry no {@code observedGeneration}.
 */
class MeshParentTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(GatewayApiCrds.httpRoute()));

    private static final String LINKERD = "linkerd.io/policy-controller";

    private KubernetesClient client;
    private GatewayApiTrafficRouter router;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = GatewayApiTrafficRouter.direct(client);
    }

    /** The Canary of Flagger's Linkerd tutorial (service and analysis), with the core group as written there or as "". */
    private static Canary canary(String group) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 3f1c2a6e-0000-4000-8000-000000000009
                spec:
                  provider: gatewayapi:v1
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                    targetPort: 9898
                    gatewayRefs:
                      - name: podinfo
                        namespace: default
                        group: "%s"
                        kind: Service
                        port: 9898
                  analysis:
                    interval: 30s
                    threshold: 5
                    maxWeight: 50
                    stepWeight: 5
                """.formatted(group), "fixture").resourcesOrThrow().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", ""})
    void theRouteAttachesToTheApexServiceAndIsReadBeforeTheMeshWritesAnyStatus(String group) {
        Canary canary = canary(group);

        router.reconcile(canary);

        assertThat(route(client).getSpec().getParentRefs()).containsExactly(
                new ParentReference(group, "Service", "podinfo", "default", 9898, null));
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", ""})
    void linkerdsAcceptanceWithoutObservedGenerationLetsEveryStepBeRead(String group) {
        Canary canary = canary(group);
        router.reconcile(canary);
        linkerdStatus("True", "Accepted");

        for (int weight : new int[] {5, 10, 50}) {
            router.setRoutes(canary, Routes.canaryWeight(weight));
            assertThat(route(client).getMetadata().getGeneration()).as("the step is a new generation").isGreaterThan(1L);

            assertThat(router.routes(canary)).as("Linkerd's Accepted=True, no observedGeneration").isEqualTo(Routes.canaryWeight(weight));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", ""})
    void aServiceParentLinkerdRefusesHoldsTheTick(String group) {
        Canary canary = canary(group);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(5));
        linkerdStatus("False", "NoMatchingParent");

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.retryable()).isTrue())
                .hasMessage("HTTPRoute podinfo.default parent podinfo is not ready (status: False, observed generation: 0, "
                        + "current generation: 2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"core", ""})
    void anAcceptanceOfAnOlderGenerationStillHoldsTheTickWhenTheControllerReportsIt(String group) {
        Canary canary = canary(group);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(5));
        router.setRoutes(canary, Routes.canaryWeight(10));
        setStatus(List.of(new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted").withMessage("")
                .withLastTransitionTime("2026-01-01T00:00:00Z").withObservedGeneration(2L).build()));

        assertThatThrownBy(() -> router.routes(canary)).hasMessage(
                "HTTPRoute podinfo.default parent podinfo is not ready (status: True, observed generation: 2, current generation: 3)");
    }

    /** What Linkerd's policy controller writes: the parentRef as the route has it, Accepted and ResolvedRefs, no observedGeneration. */
    private void linkerdStatus(String accepted, String reason) {
        setStatus(List.of(
                new ConditionBuilder().withType("Accepted").withStatus(accepted).withReason(reason).withMessage("")
                        .withLastTransitionTime("2026-01-01T00:00:00Z").build(),
                new ConditionBuilder().withType("ResolvedRefs").withStatus("True").withReason("ResolvedRefs").withMessage("")
                        .withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    }

    private void setStatus(List<Condition> conditions) {
        HTTPRoute live = route(client);
        List<RouteParentStatus> parents = new ArrayList<>();
        for (ParentReference ref : live.getSpec().getParentRefs()) {
            parents.add(new RouteParentStatus(conditions, LINKERD, ref));
        }
        live.setStatus(new HTTPRouteStatus(parents));
        client.resource(live).updateStatus();
    }
}
