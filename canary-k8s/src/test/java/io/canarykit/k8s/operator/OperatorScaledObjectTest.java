package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.k8s.Keda;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.internal.ScaledObjects;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator with KEDA installed (the ScaledObject CRD is served): a ScaledObject canary gets
 * its primary ScaledObject, the target's is paused while the canary is at zero and resumed when a
 * new revision scales it up; a missing ScaledObject is a clear warning event.
 */
class OperatorScaledObjectTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(Keda.CRDS);

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

    private static Map<String, String> annotations(String name) {
        GenericKubernetesResource so = Keda.get(client(), name);
        return so.getMetadata().getAnnotations() == null ? Map.of() : so.getMetadata().getAnnotations();
    }

    /** The operator's ScaledObject informer has the API server's version of {@code name}. */
    private static void awaitInformed(OperatorDriver driver, String name) {
        KubernetesCaches caches = driver.operator.caches().orElseThrow();
        await().until(() -> {
            Optional<GenericKubernetesResource> cached = caches.scaledObjects().get(OperatorFixtures.NS, name);
            GenericKubernetesResource server = Keda.get(client(), name);
            return cached.isPresent() && Objects.equals(cached.get().getMetadata().getResourceVersion(),
                    server.getMetadata().getResourceVersion());
        });
    }

    @Test
    void initializationCreatesThePrimaryAndPausesTheTargetAndANewRevisionResumesIt() throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        Keda.create(client(), Keda.PODINFO);
        OperatorFixtures.create(client(), Keda.canary(""));
        OperatorDriver driver = driver();

        driver.start();
        assertThat(K8S.requests().drain().requests()).extracting(ApiRequest::resourcePath).as("KEDA served: ScaledObjects informed")
                .contains("/apis/keda.sh/v1alpha1", "/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects");
        assertThat(driver.tickUntil(CanaryPhase.INITIALIZED, 3).phase()).isEqualTo(CanaryPhase.INITIALIZED);

        assertThat(Keda.spec(Keda.get(client(), "podinfo-primary")).get("scaleTargetRef"))
                .isEqualTo(Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "podinfo-primary"));
        assertThat(annotations("podinfo")).containsEntry(ScaledObjects.PAUSED_REPLICAS, "0");
        assertThat(annotations("podinfo-primary")).doesNotContainKey(ScaledObjects.PAUSED_REPLICAS);
        assertThat(driver.errors).isEmpty();

        awaitInformed(driver, "podinfo");
        OperatorFixtures.setImage(client(), "ghcr.io/stefanprodan/podinfo:6.0.1");
        assertThat(driver.tickUntil(CanaryPhase.PROGRESSING, 3).phase()).isEqualTo(CanaryPhase.PROGRESSING);

        assertThat(annotations("podinfo")).as("resumed when the canary is scaled up")
                .doesNotContainKey(ScaledObjects.PAUSED_REPLICAS);
        assertThat(client().apps().deployments().inNamespace(OperatorFixtures.NS).withName("podinfo").get().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(driver.errors).isEmpty();
    }

    @Test
    void aCanaryWhoseScaledObjectIsMissingGetsAClearWarningEvent() throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        OperatorFixtures.create(client(), Keda.canary(""));
        OperatorDriver driver = driver();

        driver.start();

        await().untilAsserted(() -> assertThat(client().v1().events().inNamespace(OperatorFixtures.NS).list().getItems())
                .extracting(Event::getMessage).anyMatch(m -> m.contains("ScaledObject podinfo.default not found")));
        assertThat(driver.last().phase()).isNotEqualTo(CanaryPhase.INITIALIZED);
        assertThat(driver.operator.isAlive()).isTrue();
    }
}
