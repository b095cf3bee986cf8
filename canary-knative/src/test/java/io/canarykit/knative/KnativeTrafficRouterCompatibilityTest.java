package io.canarykit.knative;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's router contract, against Flagger's podinfo Knative Service on the CRUD mock. */
class KnativeTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    @Override
    protected TrafficRouter createRouter() {
        K8S.client().genericKubernetesResources(KnativeServices.SERVICES).inNamespace(KnativeFixtures.NS)
                .resource(KnativeFixtures.service()).create();
        new FakeKnativeServing(K8S.client(), MutableClock.atEpochOfTests()).reconcile(KnativeFixtures.NS, "podinfo");
        return KnativeTrafficRouter.direct(K8S.client());
    }

    /** A Knative Service splits by percent only: mirroring is refused (analysis.mirror). */
    @Override
    protected boolean supportsMirroring() {
        return false;
    }

    @Override
    protected Canary canary() {
        return KnativeFixtures.canary();
    }
}
