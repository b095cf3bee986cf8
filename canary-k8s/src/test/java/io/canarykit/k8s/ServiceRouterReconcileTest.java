package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KubernetesServiceRouter#reconcileServices} on every tick: nothing written while the Services
 * are as wanted, and whatever they are derived from — a Service edited by hand, the target's ports,
 * the Canary's spec — brought back into line on the next reconcile.
 */
class ServiceRouterReconcileTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

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
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(Fixtures.canary("", "    iterations: 1"), CanaryApiGroup.FLAGGER)).create();
    }

    private Canary canary() {
        return store.canary(Fixtures.NS, "podinfo").orElseThrow();
    }

    private Service service(String name) {
        return client.services().inNamespace(Fixtures.NS).withName(name).get();
    }

    private RequestCounts reconcileCounting(Canary canary) {
        K8S.requests().clear();
        router.reconcileServices(canary);
        return K8S.requests().drain();
    }

    @Test
    void aSteadyReconcileWritesNothingAndAServiceEditedByHandIsRepairedOnTheNext() {
        router.reconcileServices(canary());
        router.reconcileServices(canary());

        assertThat(reconcileCounting(canary()).writes()).as("Services as wanted: nothing to write").isZero();

        Service edited = service("podinfo-canary");
        edited.getSpec().setSelector(Map.of("app", "somewhere-else"));
        client.services().resource(edited).update();
        router.reconcileServices(canary());

        assertThat(service("podinfo-canary").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo"));
        assertThat(reconcileCounting(canary()).writes()).as("repaired, steady again").isZero();
    }

    @Test
    void aPortAddedToTheTargetReachesTheServicesOnTheNextReconcile() {
        router.reconcileServices(canary());
        router.reconcileServices(canary());

        Deployment target = client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo").get();
        target.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()
                .add(new ContainerPortBuilder().withName("grpc").withContainerPort(9999).build());
        client.apps().deployments().resource(target).update();
        router.reconcileServices(canary());

        assertThat(service("podinfo").getSpec().getPorts()).extracting(ServicePort::getName).contains("grpc");
        assertThat(service("podinfo-primary").getSpec().getPorts()).extracting(ServicePort::getName).contains("grpc");
    }

    @Test
    void aNewSpecOnTheSameServicesIsApplied() {
        router.reconcileServices(canary());
        router.reconcileServices(canary());
        Canary changed = canary().withSpec(Fixtures.canary("    portName: web", "    iterations: 1").spec());

        router.reconcileServices(changed);

        assertThat(service("podinfo").getSpec().getPorts()).extracting(ServicePort::getName).contains("web");
    }
}
