package io.canarykit.knative;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.TargetControllers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Objects;

/**
 * Registers Knative with an engine, both halves at once since neither works without the other:
 * the router for {@code provider: knative} (on its own: a Knative Service needs no Kubernetes
 * Services in front) and the target controller for Knative Services, added to {@code targets}.
 *
 * <pre>{@code
 * KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, "");
 * var services = KnativeServices.informing(client, "");
 * var revisions = KnativeServices.informingRevisions(client, "");
 * CanaryEngine engine = KnativeRouting.register(CanaryEngine.builder(), TargetControllers.ofDefaults(caches, clock),
 *                 client, services, revisions, clock)
 *         .store(KubernetesCanaryStore.of(caches))
 *         .build();
 * }</pre>
 */
public final class KnativeRouting {

    private KnativeRouting() {
    }

    public static CanaryEngine.Builder register(CanaryEngine.Builder builder, TargetControllers targets, KubernetesClient client,
            ObjectCache<GenericKubernetesResource> services, ObjectCache<GenericKubernetesResource> revisions, Clock clock) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(targets, "targets");
        return builder.trafficRouter(KnativeTrafficRouter.PROVIDER, KnativeTrafficRouter.of(client, services))
                .targetController(targets.with(KnativeTargetController.TARGET_KIND,
                        KnativeTargetController.of(client, services, revisions, clock)));
    }
}
