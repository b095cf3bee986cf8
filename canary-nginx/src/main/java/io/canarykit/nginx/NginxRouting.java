package io.canarykit.nginx;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesServiceRouter;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Objects;

/**
 * Registers the nginx router with an engine, the way Flagger runs it: behind the Kubernetes Service
 * router (which keeps the apex, primary and canary Services the Ingresses route to), for
 * {@code provider: nginx}.
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * var ingresses = IngressCaches.informing(client, "");
 * CanaryEngine engine = NginxRouting.register(CanaryEngine.builder(), caches, ingresses)
 *         .targetController(DeploymentTargetController.builder(caches).build())
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 */
public final class NginxRouting {

    private NginxRouting() {
    }

    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches,
            ObjectCache<Ingress> ingresses) {
        Objects.requireNonNull(builder, "builder");
        return builder.trafficRouter(NginxTrafficRouter.PROVIDER, KubernetesServiceRouter.wrapping(caches,
                NginxTrafficRouter.of(caches.client(), ingresses)));
    }
}
