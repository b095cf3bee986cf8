package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.k8s.internal.ScaledObjects;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Deployment canary whose {@code autoscalerRef} is a KEDA ScaledObject, on a CRUD mock with the
 * ScaledObject CRD: the primary ScaledObject, its update at promotion, and the pause of the
 * target's ScaledObject while the canary is at zero. After Flagger's scaled_object_reconciler_test.go.
 */
class ScaledObjectTargetTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(Keda.CRDS);

    private static final String SO_PATH = "/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private KubernetesClient client;
    private DeploymentTargetController controller;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        Fixtures.createWorkload(client);
        controller = DeploymentTargetController.builder(KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER)).clock(clock).build();
    }

    private static GenericKubernetesResource scaledObject(String name) {
        GenericKubernetesResource so = Keda.get(K8S.client(), name);
        assertThat(so).as(name).isNotNull();
        return so;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trigger(GenericKubernetesResource so, int index) {
        return (Map<String, Object>) ((List<Object>) Keda.spec(so).get("triggers")).get(index);
    }

    private static String query(GenericKubernetesResource so, int index) {
        return (String) at(trigger(so, index), "metadata").get("query");
    }

    /** Replaces the target's ScaledObject spec fields with {@code changes}. */
    private void editSpec(String name, Map<String, Object> changes) {
        GenericKubernetesResource so = scaledObject(name);
        Keda.spec(so).putAll(changes);
        client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(so).update();
    }

    private RequestCounts scaledObjectWrites() {
        return K8S.requests().drain().filter(r -> r.isWrite() && r.resourcePath().startsWith(SO_PATH));
    }

    @Test
    void initializationCreatesThePrimaryScaledObjectScalingThePrimaryWithRewrittenQueries() {
        Keda.create(client, Keda.PODINFO);
        Canary canary = Keda.canary("");

        controller.initialize(canary);

        GenericKubernetesResource primary = scaledObject("podinfo-primary");
        Map<String, Object> spec = Keda.spec(primary);
        assertThat(at(spec, "scaleTargetRef")).containsEntry("name", "podinfo-primary").containsEntry("kind", "Deployment")
                .containsEntry("apiVersion", "apps/v1");
        assertThat(query(primary, 0)).isEqualTo("sum(rate(http_requests_total{app=\"podinfo-primary\"}[2m]))");
        assertThat(at(trigger(primary, 0), "metadata")).containsEntry("threshold", "100");
        assertThat(at(at(spec, "advanced"), "horizontalPodAutoscalerConfig")).as("KEDA's HPA for the primary")
                .containsEntry("name", "podinfo-primary");
        assertThat(spec).containsEntry("pollingInterval", 10).containsEntry("minReplicaCount", 1).containsEntry("maxReplicaCount", 4);
        assertThat(primary.getMetadata().getAnnotations()).as("the HPA ownership transfer is carried over")
                .containsEntry("scaledobject.keda.sh/transfer-hpa-ownership", "true");
        assertThat(primary.getMetadata().getLabels()).containsEntry("app", "podinfo")
                .doesNotContainKey("kustomize.toolkit.fluxcd.io/name");
        assertThat(primary.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Canary");
            assertThat(o.getName()).isEqualTo("podinfo");
            assertThat(o.getController()).isTrue();
        });
        GenericKubernetesResource target = scaledObject("podinfo");
        assertThat(at(Keda.spec(target), "scaleTargetRef")).as("the target's ScaledObject is not rewritten")
                .containsEntry("name", "podinfo");
        assertThat(query(target, 0)).contains("podinfo-canary");
    }

    @Test
    void primaryScalerQueriesReplaceTheNamedTriggersQueriesAndPrimaryScalerReplicasTheBounds() {
        Keda.create(client, Keda.PODINFO);
        String primaryQuery = "sum(rate(envoy_cluster_upstream_rq{envoy_cluster_name=\"test_podinfo-primary_80\"}[30s]))";
        Canary canary = Keda.canary(String.join("\n",
                "    primaryScalerQueries:",
                "      requests: '" + primaryQuery + "'",
                "      unknown: 'up'",
                "    primaryScalerReplicas:",
                "      minReplicas: 2",
                "      maxReplicas: 15"));

        controller.initialize(canary);

        GenericKubernetesResource primary = scaledObject("podinfo-primary");
        assertThat(query(primary, 0)).isEqualTo(primaryQuery);
        assertThat(Keda.spec(primary)).containsEntry("minReplicaCount", 2).containsEntry("maxReplicaCount", 15)
                .containsEntry("pollingInterval", 10);
    }

    @Test
    void promotionUpdatesThePrimaryWhenTheTargetChangedOrThePrimaryDriftedAndWritesNothingOtherwise() {
        Keda.create(client, Keda.PODINFO);
        Canary canary = Keda.canary("");
        controller.initialize(canary);
        editSpec("podinfo", Map.of("pollingInterval", 20));
        GenericKubernetesResource changed = scaledObject("podinfo");
        at(trigger(changed, 0), "metadata").put("query", "sum(rate(http_requests_total{app=\"podinfo-canary\"}[10m]))");
        client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(changed).update();

        controller.initialize(canary);
        assertThat(Keda.spec(scaledObject("podinfo-primary"))).as("initialization never updates")
                .containsEntry("pollingInterval", 10);

        controller.promote(canary);
        GenericKubernetesResource primary = scaledObject("podinfo-primary");
        assertThat(Keda.spec(primary)).containsEntry("pollingInterval", 20);
        assertThat(query(primary, 0)).isEqualTo("sum(rate(http_requests_total{app=\"podinfo-primary\"}[10m]))");

        editSpec("podinfo-primary", Map.of("maxReplicaCount", 99));
        controller.promote(canary);
        assertThat(Keda.spec(scaledObject("podinfo-primary"))).as("drift of the primary is undone")
                .containsEntry("maxReplicaCount", 4);

        K8S.requests().clear();
        controller.promote(canary);
        assertThat(scaledObjectWrites().total()).as("an unchanged primary is not written").isZero();
    }

    @Test
    void anUpdateKeepsKedasFinalizerOnThePrimary() {
        Keda.create(client, Keda.PODINFO);
        Canary canary = Keda.canary("");
        controller.initialize(canary);
        GenericKubernetesResource primary = scaledObject("podinfo-primary");
        primary.getMetadata().setFinalizers(List.of("finalizer.keda.sh"));
        client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(primary).update();
        editSpec("podinfo", Map.of("cooldownPeriod", 60));

        controller.promote(canary);

        GenericKubernetesResource updated = scaledObject("podinfo-primary");
        assertThat(Keda.spec(updated)).containsEntry("cooldownPeriod", 60);
        assertThat(updated.getMetadata().getFinalizers()).containsExactly("finalizer.keda.sh");
        assertThat(updated.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Canary"));
    }

    /** A controller on informer caches that saw the API server as it is now and then stopped: a cache that stays behind. */
    private DeploymentTargetController behindFromNowOn() {
        KubernetesCaches informing = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, Fixtures.NS);
        String version = scaledObject("podinfo").getMetadata().getResourceVersion();
        await().until(() -> informing.deployments().get(Fixtures.NS, "podinfo").isPresent()
                && informing.scaledObjects().get(Fixtures.NS, "podinfo")
                        .map(so -> version.equals(so.getMetadata().getResourceVersion())).orElse(false));
        informing.close(); // closed informers keep their stores
        return DeploymentTargetController.builder(informing).clock(clock).build();
    }

    private void setPaused(boolean paused) {
        GenericKubernetesResource so = scaledObject("podinfo");
        if (paused) {
            so.getMetadata().getAnnotations().put(ScaledObjects.PAUSED_REPLICAS, "0");
        } else {
            so.getMetadata().getAnnotations().remove(ScaledObjects.PAUSED_REPLICAS);
        }
        client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(so).update();
    }

    @Test
    void aCacheBehindAnEarlierPauseOrResumeDoesNotSkipTheWrite() {
        Keda.create(client, Keda.PODINFO);
        Canary canary = Keda.canary("");

        DeploymentTargetController sawItRunning = behindFromNowOn();
        setPaused(true);
        sawItRunning.scaleFromZero(canary);
        assertThat(scaledObject("podinfo").getMetadata().getAnnotations()).as("resumed though the cache saw it running")
                .doesNotContainKey(ScaledObjects.PAUSED_REPLICAS);

        setPaused(true);
        DeploymentTargetController sawItPaused = behindFromNowOn();
        setPaused(false);
        sawItPaused.scaleToZero(canary);
        assertThat(scaledObject("podinfo").getMetadata().getAnnotations()).as("paused though the cache saw it paused")
                .containsEntry(ScaledObjects.PAUSED_REPLICAS, "0");
    }

    @Test
    void scalingToZeroPausesTheTargetScaledObjectAndScalingUpResumesIt() {
        Keda.create(client, Keda.PODINFO);
        editSpec("podinfo", Map.of("minReplicaCount", 3));
        Canary canary = Keda.canary("");
        controller.initialize(canary);

        controller.scaleToZero(canary);
        assertThat(scaledObject("podinfo").getMetadata().getAnnotations()).containsEntry(ScaledObjects.PAUSED_REPLICAS, "0");
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo").get().getSpec().getReplicas()).isZero();
        assertThat(scaledObject("podinfo-primary").getMetadata().getAnnotations()).as("the primary keeps scaling")
                .doesNotContainKey(ScaledObjects.PAUSED_REPLICAS);

        K8S.requests().clear();
        controller.scaleToZero(canary);
        assertThat(scaledObjectWrites().total()).as("an already paused ScaledObject is not written").isZero();

        controller.scaleFromZero(canary);
        assertThat(scaledObject("podinfo").getMetadata().getAnnotations()).doesNotContainKey(ScaledObjects.PAUSED_REPLICAS)
                .containsEntry("scaledobject.keda.sh/transfer-hpa-ownership", "true");
        assertThat(client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo").get().getSpec().getReplicas())
                .as("the ScaledObject's minReplicaCount").isEqualTo(3);

        K8S.requests().clear();
        controller.scaleFromZero(canary);
        assertThat(scaledObjectWrites().total()).as("a running ScaledObject is not written").isZero();
    }

    @Test
    void revertResumesThePausedTargetScaledObject() {
        Keda.create(client, Keda.PODINFO);
        Canary canary = Keda.canary("");
        controller.initialize(canary);
        controller.scaleToZero(canary);

        controller.revert(canary);

        assertThat(scaledObject("podinfo").getMetadata().getAnnotations()).doesNotContainKey(ScaledObjects.PAUSED_REPLICAS);
    }

    @Test
    void aPausedTargetDoesNotPauseThePrimaryCreatedFromIt() {
        Keda.create(client, Keda.PODINFO.replace("transfer-hpa-ownership: \"true\"",
                "transfer-hpa-ownership: \"true\"\n    autoscaling.keda.sh/paused-replicas: \"0\""));

        controller.initialize(Keda.canary(""));

        assertThat(scaledObject("podinfo-primary").getMetadata().getAnnotations())
                .doesNotContainKey(ScaledObjects.PAUSED_REPLICAS).containsKey("scaledobject.keda.sh/transfer-hpa-ownership");
    }

    @Test
    void aMissingScaledObjectIsARetryableFailureNamingIt() {
        Canary canary = Keda.canary("");

        assertThatThrownBy(() -> controller.initialize(canary)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.getMessage()).contains("ScaledObject podinfo.default not found");
            assertThat(e.retryable()).isTrue();
        });
        assertThatThrownBy(() -> controller.scaleToZero(canary)).hasMessageContaining("ScaledObject podinfo.default not found");
    }
}
