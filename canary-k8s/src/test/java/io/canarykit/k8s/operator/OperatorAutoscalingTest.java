package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.ServedAutoscaling;
import io.canarykit.k8s.internal.AutoscalingApi;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on API servers without {@code autoscaling/v2} (Kubernetes v1.20 serves v2beta2 at
 * most): it starts, and an HPA canary is handled in v2beta2, or fails with a clear event when
 * neither version is served.
 */
class OperatorAutoscalingTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** What a v1.20 API server answers for autoscaling/v2: the informer's list of it would fail the start. */
    private static final String V2_LIST = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers?resourceVersion=0";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<OperatorDriver> drivers = new ArrayList<>();

    @AfterEach
    void closeOperators() {
        drivers.forEach(OperatorDriver::close);
    }

    private OperatorDriver driver() {
        OperatorDriver driver = new OperatorDriver(K8S, clock,
                new ScriptedMetricProvider("prometheus").values(OperatorFixtures.ERROR_RATE, 0.5), b -> {
                });
        drivers.add(driver);
        return driver;
    }

    private static KubernetesClient client() {
        return K8S.client();
    }

    /** podinfo, its HPA in {@code api}'s version and a canary whose autoscalerRef names autoscaling/v2beta2. */
    private static void createHpaWorkload(AutoscalingApi api) {
        OperatorFixtures.createWorkload(client());
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(OperatorFixtures.NS).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(4)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("podinfo").endScaleTargetRef()
                .endSpec().build();
        GenericKubernetesResource resource = SERIALIZATION.convertValue(hpa, GenericKubernetesResource.class);
        resource.setApiVersion(api.apiVersion());
        client().genericKubernetesResources(api.context()).resource(resource).create();
        OperatorFixtures.create(client(), (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  provider: kubernetes
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  autoscalerRef:
                    apiVersion: autoscaling/v2beta2
                    kind: HorizontalPodAutoscaler
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    interval: 10s
                    threshold: 2
                    iterations: 1
                """, "fixture").resourcesOrThrow().get(0));
    }

    @Test
    void startsOnAKubernetes120ServerAndCreatesThePrimaryHpaInV2beta2() throws InterruptedException {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_20);
        K8S.server().expect().get().withPath(V2_LIST)
                .andReturn(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}").always();
        createHpaWorkload(AutoscalingApi.V2BETA2);
        OperatorDriver driver = driver();

        driver.start();

        assertThat(driver.tickUntil(CanaryPhase.INITIALIZED, 3).phase()).isEqualTo(CanaryPhase.INITIALIZED);
        GenericKubernetesResource primary = client().genericKubernetesResources(AutoscalingApi.V2BETA2.context())
                .inNamespace(OperatorFixtures.NS).withName("podinfo-primary").get();
        assertThat(primary).isNotNull();
        HorizontalPodAutoscaler spec = SERIALIZATION.convertValue(primary, HorizontalPodAutoscaler.class);
        assertThat(spec.getSpec().getScaleTargetRef().getName()).isEqualTo("podinfo-primary");
        assertThat(spec.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(driver.errors).isEmpty();
    }

    @Test
    void startsWhenNoAutoscalingVersionIsServedAndTheHpaCanaryGetsAClearWarning() throws InterruptedException {
        ServedAutoscaling.versions(K8S.server(), "v1");
        createHpaWorkload(AutoscalingApi.V2BETA2);
        OperatorDriver driver = driver();

        driver.start();

        assertThat(driver.operator.isAlive()).isTrue();
        await().untilAsserted(() -> assertThat(client().v1().events().inNamespace(OperatorFixtures.NS).list().getItems())
                .extracting(Event::getMessage)
                .contains("HorizontalPodAutoscaler autoscalerRef default/podinfo: "
                        + "this API server serves neither autoscaling/v2 nor autoscaling/v2beta2"));
        assertThat(driver.last().phase()).isNotEqualTo(CanaryPhase.INITIALIZED);
    }
}
