package io.canarykit.gatewayapi;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's router contract, against HTTPRoutes on the CRUD mock. */
class GatewayApiTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(GatewayApiCrds.httpRoute()));

    @Override
    protected TrafficRouter createRouter() {
        return GatewayApiTrafficRouter.direct(K8S.client());
    }

    /** The kit's prod/web canary with a gateway parent; iterations, because Gateway API mirrors for blue/green only. */
    @Override
    protected Canary canary() {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: web
                  namespace: prod
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: web
                  service:
                    port: 80
                    gatewayRefs:
                      - name: public
                  analysis:
                    interval: 1m
                    iterations: 3
                    mirror: true
                    threshold: 3
                """, "kit").resourcesOrThrow().get(0);
    }
}
