package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.Keda;
import io.canarykit.k8s.ServedAutoscaling;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator on a cluster without KEDA (no ScaledObject CRD): it starts with no ScaledObject
 * informer, HPA canaries work as before, and a ScaledObject canary gets a clear warning event.
 */
class OperatorWithoutKedaTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<OperatorDriver> drivers = new ArrayList<>();

    @BeforeEach
    void servesAutoscalingV2() {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_23);
    }

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

    @Test
    void startsWithoutAScaledObjectInformerAndHandlesAnHpaCanary() throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        client().autoscaling().v2().horizontalPodAutoscalers().resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(OperatorFixtures.NS).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(4)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("podinfo").endScaleTargetRef()
                .endSpec().build()).create();
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
                    apiVersion: autoscaling/v2
                    kind: HorizontalPodAutoscaler
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    interval: 10s
                    threshold: 2
                    iterations: 1
                """, "fixture").resourcesOrThrow().get(0));
        K8S.requests().clear();
        OperatorDriver driver = driver();

        driver.start();
        List<String> startup = K8S.requests().drain().requests().stream().map(ApiRequest::resourcePath)
                .filter(p -> p.contains("keda.sh")).distinct().toList();
        assertThat(startup).as("one discovery of keda.sh/v1alpha1 and no ScaledObject list or watch")
                .containsExactly("/apis/keda.sh/v1alpha1");
        assertThat(driver.tickUntil(CanaryPhase.INITIALIZED, 3).phase()).isEqualTo(CanaryPhase.INITIALIZED);

        assertThat(client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(OperatorFixtures.NS)
                .withName("podinfo-primary").get()).isNotNull();
        assertThat(driver.errors).isEmpty();
        List<String> kedaPaths = new ArrayList<>();
        driver.requests.forEach(c -> c.requests().stream().map(ApiRequest::resourcePath).filter(p -> p.contains("keda.sh"))
                .forEach(kedaPaths::add));
        assertThat(kedaPaths).as("no ScaledObject is listed, watched or read during ticks").isEmpty();
        assertThat(driver.operator.caches().orElseThrow().scaledObjects().get(OperatorFixtures.NS, "podinfo")).isEmpty();
    }

    @Test
    void aScaledObjectCanaryGetsAClearWarningEvent() throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        OperatorFixtures.create(client(), Keda.canary(""));
        OperatorDriver driver = driver();

        driver.start();

        assertThat(driver.operator.isAlive()).isTrue();
        await().untilAsserted(() -> assertThat(client().v1().events().inNamespace(OperatorFixtures.NS).list().getItems())
                .extracting(Event::getMessage).contains("ScaledObject autoscalerRef default/podinfo: "
                        + "this API server does not serve keda.sh/v1alpha1 ScaledObjects (is KEDA installed?)"));
        assertThat(driver.last().phase()).isNotEqualTo(CanaryPhase.INITIALIZED);
    }
}
