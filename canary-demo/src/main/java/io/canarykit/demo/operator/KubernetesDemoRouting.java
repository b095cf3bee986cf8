package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TrafficRouter;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@code provider: kubernetes}: Services only; the analysis runs as blue/green iterations and nothing is routed by weight. */
final class KubernetesDemoRouting implements DemoRouting {

    @Override
    public RoutingView view(KubernetesClient demo, Canary canary) {
        return RoutingView.of(TrafficRouter.NOOP.routes(canary));
    }
}
