package io.canarykit.istio;

import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's router contract, against a VirtualService and DestinationRules on the CRUD mock. */
class IstioTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(IstioCrds.all());

    @Override
    protected TrafficRouter createRouter() {
        return IstioTrafficRouter.direct(K8S.client());
    }
}
