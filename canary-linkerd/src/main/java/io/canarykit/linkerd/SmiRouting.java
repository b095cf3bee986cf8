package io.canarykit.linkerd;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesServiceRouter;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Objects;

/**
 * Registers an SMI router with an engine, the way Flagger runs it: behind the Kubernetes Service
 * router (which keeps the apex, primary and canary Services the split names), for one provider.
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * SmiProvider osm = SmiProvider.OSM;
 * var splits = TrafficSplitCaches.informing(client, osm.version(), "");
 * CanaryEngine engine = SmiRouting.register(CanaryEngine.builder(), caches, splits, osm)
 *         .targetController(DeploymentTargetController.builder(caches).build())
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 *
 * Linkerd has {@link LinkerdRouting}.
 */
public final class SmiRouting {

    private SmiRouting() {
    }

    /** Registers the router for {@code provider}, reading splits (in its version) from {@code splits}. */
    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches,
            ObjectCache<GenericKubernetesResource> splits, SmiProvider provider) {
        Objects.requireNonNull(builder, "builder");
        return builder.trafficRouter(provider.id(), KubernetesServiceRouter.wrapping(caches,
                SmiTrafficRouter.of(caches.client(), splits, provider)));
    }
}
