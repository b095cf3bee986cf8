package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KubernetesServiceRouter#revert} for revertOnDeletion (reference §4.8). */
class ServiceRouterRevertTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private KubernetesClient client;
    private KubernetesServiceRouter router;
    private KubernetesCanaryStore store;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        KubernetesCaches caches = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        router = KubernetesServiceRouter.of(caches);
        store = KubernetesCanaryStore.of(caches);
        Fixtures.createWorkload(client);
    }

    private Canary applyCanary() {
        Canary canary = Fixtures.canary("", "    iterations: 1");
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        return store.canary(Fixtures.NS, "podinfo").orElseThrow();
    }

    /** A user's apex Service, not owned by the Canary, optionally with kubectl's last-applied annotation. */
    private void createUserService(Map<String, String> annotations) {
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("podinfo").withNamespace(Fixtures.NS)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withSelector(Map.of("app", "legacy")).addNewPort().withName("http").withPort(9898).endPort()
                .endSpec().build()).create();
    }

    private Map<String, String> apexSelector() {
        Service apex = client.services().inNamespace(Fixtures.NS).withName("podinfo").get();
        return apex.getSpec().getSelector();
    }

    @Test
    void unownedApexGetsTheSelectorOfItsLastApply() {
        createUserService(Map.of(LAST_APPLIED, "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"podinfo\"},"
                + "\"spec\":{\"selector\":{\"app\":\"podinfo-v1\",\"tier\":\"web\"}}}"));
        Canary canary = applyCanary();
        router.reconcileServices(canary);
        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo-primary"));

        router.revert(canary);

        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo-v1", "tier", "web"));
    }

    @Test
    void unownedApexWithoutLastApplySelectsTheTarget() {
        createUserService(Map.of());
        Canary canary = applyCanary();
        router.reconcileServices(canary);

        router.revert(canary);

        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo"));
    }

    @Test
    void ownedApexSelectsTheTargetEvenWithALastApply() {
        Canary canary = applyCanary();
        router.reconcileServices(canary);
        Service apex = client.services().inNamespace(Fixtures.NS).withName("podinfo").get();
        apex.getMetadata().getAnnotations().put(LAST_APPLIED, "{\"spec\":{\"selector\":{\"app\":\"elsewhere\"}}}");
        client.services().resource(apex).update();

        router.revert(canary);

        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo"));
    }

    @Test
    void revertOfADaemonSetTargetSelectsItsPods() {
        client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo").delete();
        client.apps().daemonSets().resource(DaemonSetFixtures.podinfo("ghcr.io/stefanprodan/podinfo:6.0.0")).create();
        Canary canary = DaemonSetFixtures.canary("", "    iterations: 1");
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        canary = store.canary(Fixtures.NS, "podinfo").orElseThrow();
        router.reconcileServices(canary);
        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo-primary"));
        K8S.requests().drain();

        router.revert(canary);

        assertThat(apexSelector()).isEqualTo(Map.of("app", "podinfo"));
        K8S.requests().drain();
        router.revert(canary);
        assertThat(K8S.requests().drain().writes()).as("a second revert has nothing to write").isZero();
    }
}
