package io.canarykit.examples.gatewayapi;

// The README's "Route traffic with the Gateway API" snippet, quoted verbatim between the tag comments
// (checked by ReadmeSnippetsTest).
// tag::gatewayapi-engine[]
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.gatewayapi.GatewayApiRouting;
import io.canarykit.gatewayapi.HttpRouteCaches;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.DeploymentTargetController;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCanaryStore;
import io.canarykit.k8s.KubernetesEventSink;
import io.canarykit.k8s.KubernetesServiceRouter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

public final class GatewayApiEngine implements AutoCloseable {

    private final KubernetesCaches caches;
    private final InformerObjectCache<HTTPRoute> routes;
    private final CanaryEngine engine;

    /** Reads through informers in {@code namespace} ("" for all namespaces). */
    public GatewayApiEngine(KubernetesClient client, String namespace) {
        caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, namespace);
        routes = HttpRouteCaches.informing(client, namespace);
        engine = GatewayApiRouting.register(CanaryEngine.builder(), caches, routes)
                .trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))
                .targetController(DeploymentTargetController.builder(caches).build())
                .store(KubernetesCanaryStore.of(caches))
                .eventSink(KubernetesEventSink.of(caches, Clock.systemUTC()))
                .build();
    }

    public CanaryEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        routes.informer().close();
        caches.close();
    }
}
// end::gatewayapi-engine[]
