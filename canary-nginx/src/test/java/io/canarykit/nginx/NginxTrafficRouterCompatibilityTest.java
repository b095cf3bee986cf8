package io.canarykit.nginx;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's router contract, against a canary Ingress on the CRUD mock. */
class NginxTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    @Override
    protected TrafficRouter createRouter() {
        K8S.client().resource(NginxFixtures.parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: prod}
                spec:
                  ingressClassName: nginx
                  rules:
                    - host: web.example.com
                      http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """)).create();
        return NginxTrafficRouter.direct(K8S.client());
    }

    /** nginx has no request mirroring: Flagger's ingress router ignores {@code analysis.mirror}. */
    @Override
    protected boolean supportsMirroring() {
        return false;
    }

    /** The kit's prod/web canary with an ingressRef. */
    @Override
    protected Canary canary() {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: web
                  namespace: prod
                spec:
                  provider: nginx
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: web
                  ingressRef:
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    name: web
                  service:
                    port: 80
                  analysis:
                    interval: 1m
                    maxWeight: 50
                    stepWeight: 10
                    threshold: 3
                """, "kit").resourcesOrThrow().get(0);
    }
}
