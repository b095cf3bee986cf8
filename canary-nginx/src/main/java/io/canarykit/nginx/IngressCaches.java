package io.canarykit.nginx;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Where the router reads Ingresses (the user's and the canary copy), following canary-k8s's
 * {@link ObjectCache} pattern: direct reads, or an informer (an operator's choice: a steady tick
 * then issues no GET). Close an informing cache with {@code cache.informer().close()}.
 */
public final class IngressCaches {

    private static final String KIND = "Ingress";

    private IngressCaches() {
    }

    /** Every read is a GET. */
    public static ObjectCache<Ingress> direct(KubernetesClient client) {
        return DirectObjectCache.of(Objects.requireNonNull(client, "client").resources(Ingress.class), KIND);
    }

    /** Starts an informer on Ingresses in {@code namespace}, or in every namespace when it is empty. */
    public static InformerObjectCache<Ingress> informing(KubernetesClient client, String namespace) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        var operation = client.resources(Ingress.class);
        var informer = namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
        return InformerObjectCache.of(informer, direct(client));
    }
}
