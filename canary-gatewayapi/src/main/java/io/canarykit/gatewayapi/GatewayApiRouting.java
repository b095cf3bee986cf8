package io.canarykit.gatewayapi;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesServiceRouter;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.Objects;

/**
 * Registers the Gateway API router with an engine, the way Flagger runs it: behind the Kubernetes
 * Service router (which keeps the apex, primary and canary Services the route points at), for
 * {@code provider: gatewayapi}, {@code gatewayapi:v1} and canaries that name no provider (the
 * engine's default, {@link CanaryEngine#DEFAULT_PROVIDER}).
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * var routes = HttpRouteCaches.informing(client, "");
 * CanaryEngine engine = GatewayApiRouting.register(CanaryEngine.builder(), caches, routes)
 *         .trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))
 *         .targetController(DeploymentTargetController.builder(caches).build())
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 */
public final class GatewayApiRouting {

    private GatewayApiRouting() {
    }

    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches,
            ObjectCache<HTTPRoute> routes) {
        return register(builder, caches, routes, GatewayApiVersion.V1);
    }

    /**
     * Registers the router writing HTTPRoutes in {@code version} for its providers
     * ({@code gatewayapi:v1beta1} for {@link GatewayApiVersion#V1BETA1}); {@code routes} reads that
     * version ({@link HttpRouteCaches#direct(io.fabric8.kubernetes.client.KubernetesClient, GatewayApiVersion)}).
     */
    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches,
            ObjectCache<HTTPRoute> routes, GatewayApiVersion version) {
        Objects.requireNonNull(builder, "builder");
        KubernetesServiceRouter router = KubernetesServiceRouter.wrapping(caches, GatewayApiTrafficRouter.of(caches.client(), routes,
                HttpRouteSchema.read(caches.client(), version), version));
        version.providers().forEach(p -> builder.trafficRouter(p, router));
        return builder;
    }
}
