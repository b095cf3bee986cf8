package io.canarykit.istio;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesServiceRouter;
import java.util.Objects;

/**
 * Registers the Istio router with an engine, the way Flagger runs it: behind the Kubernetes Service
 * router (which keeps the apex, primary and canary Services the VirtualService routes to), for
 * {@code provider: istio}.
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * IstioCaches istio = IstioCaches.informing(client, "");
 * CanaryEngine engine = IstioRouting.register(CanaryEngine.builder(), caches, istio)
 *         .targetController(DeploymentTargetController.builder(caches).build())
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 */
public final class IstioRouting {

    private IstioRouting() {
    }

    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches, IstioCaches istio) {
        Objects.requireNonNull(builder, "builder");
        return builder.trafficRouter(IstioTrafficRouter.PROVIDER, KubernetesServiceRouter.wrapping(caches,
                IstioTrafficRouter.of(caches.client(), istio)));
    }
}
