package io.canarykit.istio;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;

/**
 * Where the router reads VirtualServices and DestinationRules, following canary-k8s's
 * {@link ObjectCache} pattern: direct reads, or informers (an operator's choice: a steady tick
 * then issues no GET). Close an informing cache with {@code cache.informer().close()}.
 */
public record IstioCaches(ObjectCache<GenericKubernetesResource> virtualServices,
        ObjectCache<GenericKubernetesResource> destinationRules) implements AutoCloseable {

    public IstioCaches {
        Objects.requireNonNull(virtualServices, "virtualServices");
        Objects.requireNonNull(destinationRules, "destinationRules");
    }

    /** Every read is a GET. */
    public static IstioCaches direct(KubernetesClient client) {
        return new IstioCaches(direct(client, IstioResources.virtualServices()), direct(client, IstioResources.destinationRules()));
    }

    /** Starts informers on VirtualServices and DestinationRules in {@code namespace}, or in every namespace when it is empty. */
    public static IstioCaches informing(KubernetesClient client, String namespace) {
        return new IstioCaches(informing(client, IstioResources.virtualServices(), namespace),
                informing(client, IstioResources.destinationRules(), namespace));
    }

    /** Stops the informers of an {@link #informing} cache; nothing to do for a direct one. */
    @Override
    public void close() {
        for (ObjectCache<GenericKubernetesResource> cache : java.util.List.of(virtualServices, destinationRules)) {
            if (cache instanceof InformerObjectCache<GenericKubernetesResource> informed) {
                informed.informer().close();
            }
        }
    }

    static ObjectCache<GenericKubernetesResource> direct(KubernetesClient client, ResourceDefinitionContext kind) {
        return DirectObjectCache.of(Objects.requireNonNull(client, "client").genericKubernetesResources(kind), kind.getKind());
    }

    private static InformerObjectCache<GenericKubernetesResource> informing(KubernetesClient client, ResourceDefinitionContext kind,
            String namespace) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        var operation = client.genericKubernetesResources(kind);
        var informer = namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
        return InformerObjectCache.of(informer, direct(client, kind));
    }
}
