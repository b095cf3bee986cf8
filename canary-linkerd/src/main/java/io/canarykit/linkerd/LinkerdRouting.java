package io.canarykit.linkerd;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Registers the Linkerd router ({@code provider: linkerd}, v1alpha1 TrafficSplits) with an engine,
 * behind the Kubernetes Service router.
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * var splits = TrafficSplitCaches.informing(client, SmiVersion.V1ALPHA1, "");
 * CanaryEngine engine = LinkerdRouting.register(CanaryEngine.builder(), caches, splits)
 *         .defaultProvider("linkerd")
 *         .targetController(DeploymentTargetController.builder(caches).build())
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 */
public final class LinkerdRouting {

    private LinkerdRouting() {
    }

    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, KubernetesCaches caches,
            ObjectCache<GenericKubernetesResource> splits) {
        return SmiRouting.register(builder, caches, splits, SmiProvider.LINKERD);
    }
}
