package io.canarykit.linkerd;

import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's router contract, against a TrafficSplit of each SMI version on the CRUD mock. */
class SmiTrafficRouterCompatibilityTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(SmiFixtures.crds());

    /** The kit for one provider; SMI has no request mirroring (Flagger's SMI routers ignore it). */
    abstract static class Kit extends TrafficRouterCompatibilityKit {

        abstract String provider();

        @Override
        protected TrafficRouter createRouter() {
            return SmiTrafficRouter.direct(K8S.client(), SmiProvider.parse(provider()));
        }

        @Override
        protected boolean supportsMirroring() {
            return false;
        }
    }

    @Nested
    class Linkerd extends Kit {
        @Override
        String provider() {
            return "linkerd";
        }
    }

    @Nested
    class V1alpha1 extends Kit {
        @Override
        String provider() {
            return "smi:v1alpha1:linkerd";
        }
    }

    @Nested
    class Osm extends Kit {
        @Override
        String provider() {
            return "osm";
        }
    }

    @Nested
    class V1alpha2 extends Kit {
        @Override
        String provider() {
            return "smi:v1alpha2";
        }
    }

    @Nested
    class V1alpha3 extends Kit {
        @Override
        String provider() {
            return "smi:v1alpha3";
        }
    }
}
