package io.canarykit.knative;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TargetController;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.compat.TargetControllerCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's target contract, against Flagger's podinfo Knative Service on the CRUD mock. */
class KnativeTargetControllerCompatibilityTest extends TargetControllerCompatibilityKit {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    private final MutableClock clock = MutableClock.atEpochOfTests();

    @Override
    protected TargetController createTarget() {
        K8S.client().genericKubernetesResources(KnativeServices.SERVICES).inNamespace(KnativeFixtures.NS)
                .resource(KnativeFixtures.service()).create();
        new FakeKnativeServing(K8S.client(), clock).reconcile(KnativeFixtures.NS, "podinfo");
        return KnativeTargetController.direct(K8S.client(), clock);
    }

    @Override
    protected void shipNewRevision() {
        KnativeFixtures.setImage(K8S.client(), "ghcr.io/stefanprodan/podinfo:6.0.1");
        new FakeKnativeServing(K8S.client(), clock).reconcile(KnativeFixtures.NS, "podinfo");
    }

    @Override
    protected Canary canary() {
        return KnativeFixtures.canary();
    }
}
