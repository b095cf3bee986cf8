package io.canarykit.knative;

import static io.canarykit.knative.KnativeFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.TargetControllers;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link KnativeRouting#register} wires both halves into an embedded engine, which then ticks a Knative canary. */
@ExtendWith(EngineAdmitsKnative.class)
class KnativeRoutingTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    @Test
    void anEngineWithKnativeRegisteredInitializesFlaggersKnativeCanary() {
        KubernetesClient client = K8S.client();
        MutableClock clock = MutableClock.atEpochOfTests();
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(KnativeFixtures.service()).create();
        new FakeKnativeServing(client, clock).reconcile(NS, "podinfo");
        CanaryEngine engine = KnativeRouting.register(CanaryEngine.builder().clock(clock), TargetControllers.of(Map.of()), client,
                KnativeServices.direct(client), KnativeServices.directRevisions(client), clock).build();
        Canary canary = KnativeFixtures.canary();

        TickResult result = engine.tick(canary);

        assertThat(result.status().phase()).as("events: %s", result.events()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(KnativeFixtures.annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(KnativeTrafficRouter.direct(client).routes(result.canary())).isEqualTo(Routes.PRIMARY_ONLY);
    }
}
