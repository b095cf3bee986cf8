package io.canarykit.gatewayapi;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Where the router reads HTTPRoutes, following canary-k8s's {@link ObjectCache} pattern: direct
 * reads, or an informer (an operator's choice: a steady tick then issues no GET). Close an
 * informing cache with {@code cache.informer().close()}.
 */
public final class HttpRouteCaches {

    private static final String KIND = "HTTPRoute";

    private HttpRouteCaches() {
    }

    /** Every read is a GET. */
    public static ObjectCache<HTTPRoute> direct(KubernetesClient client) {
        return DirectObjectCache.of(Objects.requireNonNull(client, "client").resources(HTTPRoute.class), KIND);
    }

    /** Starts an informer on HTTPRoutes in {@code namespace}, or in every namespace when it is empty. */
    public static InformerObjectCache<HTTPRoute> informing(KubernetesClient client, String namespace) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        var operation = client.resources(HTTPRoute.class);
        var informer = namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
        return InformerObjectCache.of(informer, direct(client));
    }
}
