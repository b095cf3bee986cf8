package io.canarykit.linkerd;

import static io.canarykit.linkerd.SmiFixtures.spec;
import static io.canarykit.linkerd.SmiFixtures.split;
import static io.canarykit.linkerd.SmiFixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.Routes;
import io.canarykit.gatewayapi.GatewayApiCrds;
import io.canarykit.gatewayapi.GatewayApiTrafficRouter;
import io.canarykit.linkerd.internal.SplitRules;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The canaries of Flagger's Linkerd tutorial, unchanged: the SMI one (a TrafficSplit) through this
 * module's router, the current one (an HTTPRoute attached to the apex Service) through
 * canary-gatewayapi's, with the status Linkerd's policy controller writes.
 */
class FlaggerLinkerdTutorialTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create()
            .withCrds(java.util.stream.Stream.concat(SmiFixtures.crds().stream(), java.util.stream.Stream.of(GatewayApiCrds.httpRoute()))
                    .toList());

    @Test
    void theSmiTutorialCanaryGetsTrafficSplitPodinfoAndWalksItsStepsToMaxWeight() {
        KubernetesClient client = K8S.client();
        Canary canary = SmiFixtures.flaggerCanary("linkerd-smi-canary.yaml");
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        assertThat(SplitRules.problems(canary, "linkerd")).isEmpty();

        router.reconcile(canary);

        var ts = split(client, SmiVersion.V1ALPHA1, "test", "podinfo");
        assertThat(ts).as("trafficsplits.split.smi-spec.io/podinfo, as the tutorial lists it").isNotNull();
        assertThat(spec(ts)).containsEntry("service", "podinfo");
        assertThat(weights(ts)).containsExactly(Map.entry("podinfo-canary", "0"), Map.entry("podinfo-primary", "100"));
        int step = canary.spec().analysisOrDefault().stepWeightOrZero();
        for (int weight = step; weight <= canary.spec().analysisOrDefault().maxWeightOrDefault(); weight += step) {
            router.setRoutes(canary, Routes.canaryWeight(weight));
            assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(weight));
        }
        assertThat(weights(split(client, SmiVersion.V1ALPHA1, "test", "podinfo")))
                .containsExactly(Map.entry("podinfo-canary", "50"), Map.entry("podinfo-primary", "50"));
    }

    @Test
    void theGatewayApiTutorialCanaryAttachesItsRouteToTheApexServiceAndReadsLinkerdsAcceptance() {
        KubernetesClient client = K8S.client();
        assertThat(SmiFixtures.flagger("linkerd-gatewayapi-canary.yaml")).filteredOn(MetricTemplate.class::isInstance)
                .extracting(r -> ((MetricTemplate) r).metadata().name()).containsExactly("success-rate", "latency");
        Canary canary = SmiFixtures.flaggerCanary("linkerd-gatewayapi-canary.yaml");
        GatewayApiTrafficRouter router = GatewayApiTrafficRouter.direct(client);

        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(5));

        HTTPRoute route = client.resources(HTTPRoute.class).inNamespace("test").withName("podinfo").get();
        assertThat(route.getSpec().getParentRefs()).containsExactly(new ParentReference("core", "Service", "podinfo", "test", 9898, null));
        linkerdStatus(client, route, "False", "NoMatchingParent");
        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.retryable()).as("held, not failed").isTrue());

        linkerdStatus(client, client.resources(HTTPRoute.class).inNamespace("test").withName("podinfo").get(), "True", "Accepted");
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(5));
        router.setRoutes(canary, Routes.canaryWeight(10));
        assertThat(router.routes(canary)).as("the next generation, with Linkerd's status unchanged").isEqualTo(Routes.canaryWeight(10));
    }

    /** Linkerd's policy controller: the parentRef as the route has it, conditions without observedGeneration. */
    private static void linkerdStatus(KubernetesClient client, HTTPRoute route, String accepted, String reason) {
        List<RouteParentStatus> parents = new ArrayList<>();
        for (ParentReference ref : route.getSpec().getParentRefs()) {
            parents.add(new RouteParentStatus(List.of(new ConditionBuilder().withType("Accepted").withStatus(accepted).withReason(reason)
                    .withMessage("").withLastTransitionTime("2026-01-01T00:00:00Z").build()), "linkerd.io/policy-controller", ref));
        }
        route.setStatus(new HTTPRouteStatus(parents));
        client.resource(route).updateStatus();
    }
}
