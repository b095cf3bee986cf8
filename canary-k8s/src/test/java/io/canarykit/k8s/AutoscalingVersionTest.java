package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.k8s.internal.AutoscalingApi;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HorizontalPodAutoscalers on API servers that serve different {@code autoscaling} versions: the
 * discovery answer decides, the request log shows which version's paths were used.
 */
class AutoscalingVersionTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String V2_HPAS = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    private static final String V2BETA2_HPAS = "/apis/autoscaling/v2beta2/namespaces/default/horizontalpodautoscalers";
    private static final String NEITHER = "HorizontalPodAutoscaler autoscalerRef default/podinfo: "
            + "this API server serves neither autoscaling/v2 nor autoscaling/v2beta2";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private KubernetesClient client;
    private @Nullable KubernetesCaches caches;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        Fixtures.createWorkload(client);
    }

    @AfterEach
    void closeCaches() {
        if (caches != null) {
            caches.close();
        }
    }

    private static Canary canary(String refApiVersion) {
        return Fixtures.canary(String.join("\n",
                "  autoscalerRef:",
                "    apiVersion: " + refApiVersion,
                "    kind: HorizontalPodAutoscaler",
                "    name: podinfo"), "    iterations: 1");
    }

    /** Informer caches of the default namespace, with the workload in them. */
    private KubernetesCaches informing() {
        KubernetesCaches started = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, Fixtures.NS);
        caches = started;
        await().until(started::hasSynced);
        await().until(() -> started.deployments().get(Fixtures.NS, "podinfo").isPresent()
                && started.configMaps().get(Fixtures.NS, "podinfo-config-env").isPresent()
                && started.secrets().get(Fixtures.NS, "podinfo-secret-env").isPresent());
        return started;
    }

    private DeploymentTargetController controller(KubernetesCaches c) {
        return DeploymentTargetController.builder(c).clock(clock).build();
    }

    /** The canary's HPA, created in {@code api}'s version: min 2, max {@code max}, scaling podinfo. */
    private void putSourceHpa(AutoscalingApi api, int max, boolean update) {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(Fixtures.NS).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(max)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("podinfo").endScaleTargetRef()
                .endSpec().build();
        GenericKubernetesResource resource = SERIALIZATION.convertValue(hpa, GenericKubernetesResource.class);
        resource.setApiVersion(api.apiVersion());
        var operation = client.genericKubernetesResources(api.context());
        if (update) {
            resource.getMetadata().setResourceVersion(
                    operation.inNamespace(Fixtures.NS).withName("podinfo").get().getMetadata().getResourceVersion());
            operation.resource(resource).update();
        } else {
            operation.resource(resource).create();
        }
    }

    private HorizontalPodAutoscaler stored(AutoscalingApi api, String name) {
        GenericKubernetesResource resource = client.genericKubernetesResources(api.context()).inNamespace(Fixtures.NS).withName(name).get();
        assertThat(resource).as(name + " in " + api.apiVersion()).isNotNull();
        assertThat(resource.getApiVersion()).isEqualTo(api.apiVersion());
        return SERIALIZATION.convertValue(resource, HorizontalPodAutoscaler.class);
    }

    private static List<String> paths(RequestCounts counts) {
        return counts.requests().stream().map(ApiRequest::resourcePath).toList();
    }

    private static List<String> autoscalingPaths(RequestCounts counts) {
        return paths(counts).stream().filter(p -> p.startsWith("/apis/autoscaling/")).distinct().toList();
    }

    @ParameterizedTest(name = "autoscalerRef apiVersion {0}")
    @ValueSource(strings = {"autoscaling/v2beta2", "autoscaling/v2"})
    void onAServerWithoutV2ThePrimaryHpaIsReadAndWrittenInV2beta2(String refApiVersion) {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_20);
        putSourceHpa(AutoscalingApi.V2BETA2, 4, false);
        K8S.requests().clear();

        KubernetesCaches c = informing();
        await().until(() -> c.autoscalers().get(Fixtures.NS, "podinfo").isPresent());
        HorizontalPodAutoscaler cached = c.autoscalers().get(Fixtures.NS, "podinfo").orElseThrow();
        assertThat(cached.getApiVersion()).as("converted to the v2 model").isEqualTo("autoscaling/v2");
        assertThat(cached.getSpec().getMaxReplicas()).isEqualTo(4);

        Canary canary = canary(refApiVersion);
        controller(c).initialize(canary);

        RequestCounts counts = K8S.requests().drain();
        assertThat(counts.byPath()).containsEntry("GET /apis/autoscaling", 1).containsKey("POST " + V2BETA2_HPAS);
        assertThat(autoscalingPaths(counts)).as("the informer lists and the primary HPA is created in v2beta2 only")
                .containsOnly(V2BETA2_HPAS);
        HorizontalPodAutoscaler primary = stored(AutoscalingApi.V2BETA2, "podinfo-primary");
        assertThat(primary.getSpec().getScaleTargetRef().getName()).isEqualTo("podinfo-primary");
        assertThat(primary.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(primary.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(primary.getSpec().getMaxReplicas()).isEqualTo(4);

        // Promotion updates the primary HPA, in v2beta2 too.
        putSourceHpa(AutoscalingApi.V2BETA2, 6, true);
        await().until(() -> c.autoscalers().get(Fixtures.NS, "podinfo").map(h -> h.getSpec().getMaxReplicas() == 6).orElse(false)
                && c.autoscalers().get(Fixtures.NS, "podinfo-primary").isPresent()
                && c.deployments().get(Fixtures.NS, "podinfo-primary").isPresent());
        K8S.requests().clear();

        controller(c).promote(canary);

        RequestCounts promotion = K8S.requests().drain();
        assertThat(promotion.byPath()).containsKey("PUT " + V2BETA2_HPAS + "/podinfo-primary");
        assertThat(autoscalingPaths(promotion)).allMatch(p -> p.startsWith(V2BETA2_HPAS));
        assertThat(stored(AutoscalingApi.V2BETA2, "podinfo-primary").getSpec().getMaxReplicas()).isEqualTo(6);
    }

    @Test
    void onAServerWithV2ThePrimaryHpaIsReadAndWrittenInV2() {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_23);
        putSourceHpa(AutoscalingApi.V2, 4, false);
        K8S.requests().clear();

        KubernetesCaches c = informing();
        await().until(() -> c.autoscalers().get(Fixtures.NS, "podinfo").isPresent());
        controller(c).initialize(canary("autoscaling/v2beta2"));

        RequestCounts counts = K8S.requests().drain();
        assertThat(counts.byPath()).containsEntry("GET /apis/autoscaling", 1).containsKey("POST " + V2_HPAS);
        assertThat(autoscalingPaths(counts)).containsOnly(V2_HPAS);
        HorizontalPodAutoscaler primary = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS)
                .withName("podinfo-primary").get();
        assertThat(primary.getSpec().getScaleTargetRef().getName()).isEqualTo("podinfo-primary");
        assertThat(primary.getSpec().getMaxReplicas()).isEqualTo(4);
    }

    /** 200: discovery lists only v1 and v2beta1; 404: no autoscaling group; 403: discovery forbidden. */
    @ParameterizedTest(name = "discovery answers {0}")
    @ValueSource(ints = {200, 404, 403})
    void onAServerWithNeitherTheCachesStartAndAnHpaCanaryFailsClearly(int discovery) {
        if (discovery == 200) {
            ServedAutoscaling.versions(K8S.server(), "v1", "v2beta1");
        } else {
            ServedAutoscaling.fails(K8S.server(), discovery);
        }
        putSourceHpa(AutoscalingApi.V2, 4, false);
        K8S.requests().clear();

        KubernetesCaches c = informing();

        assertThat(c.informers()).as("one informer per other kind").hasSize(8);
        assertThat(c.autoscalers().get(Fixtures.NS, "podinfo")).isEmpty();
        assertThat(c.autoscalers().fresh(Fixtures.NS, "podinfo")).isEmpty();
        assertThatThrownBy(() -> controller(c).initialize(canary("autoscaling/v2")))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.backend()).isEqualTo(KubernetesCalls.BACKEND);
                })
                .hasMessage(NEITHER);
        assertThat(autoscalingPaths(K8S.requests().drain())).as("nothing asked of an autoscaling version").isEmpty();

        controller(c).initialize(Fixtures.canary("", "    iterations: 1"));
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo-primary").get())
                .as("a canary without an HPA is unaffected").isNotNull();
    }

    @Test
    void aFailedDiscoveryFailsTheStartRetryablyWithNoInformerLeftRunning() {
        ServedAutoscaling.fails(K8S.server(), 503);
        K8S.requests().clear();

        assertThatThrownBy(() -> KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, Fixtures.NS))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("discover API group autoscaling failed: HTTP 503");
        assertThat(paths(K8S.requests().drain())).containsOnly("/apis/autoscaling");
    }

    @Test
    void directCachesDiscoverOnceOnTheFirstHpaRead() {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_20);
        putSourceHpa(AutoscalingApi.V2BETA2, 4, false);
        KubernetesCaches direct = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        direct.deployments().get(Fixtures.NS, "podinfo");
        assertThat(paths(K8S.requests().drain())).as("no discovery before an HPA is read").doesNotContain("/apis/autoscaling");

        assertThat(direct.autoscalers().get(Fixtures.NS, "podinfo")).hasValueSatisfying(h -> {
            assertThat(h.getApiVersion()).isEqualTo("autoscaling/v2");
            assertThat(h.getSpec().getMinReplicas()).isEqualTo(2);
        });
        assertThat(direct.autoscalers().fresh(Fixtures.NS, "missing")).isEmpty();

        assertThat(paths(K8S.requests().drain()))
                .containsExactly("/apis/autoscaling", V2BETA2_HPAS + "/podinfo", V2BETA2_HPAS + "/missing");
    }
}
