package io.canarykit.gatewayapi;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.gatewayapi.internal.RouteApi;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

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

    /** Every read is a GET of the route in {@code version}, seen as the v1 model the router renders. */
    public static ObjectCache<HTTPRoute> direct(KubernetesClient client, GatewayApiVersion version) {
        Objects.requireNonNull(version, "version");
        if (version == GatewayApiVersion.V1) {
            return direct(client);
        }
        return converted(DirectObjectCache.of(client.genericKubernetesResources(version.httpRoutes()), KIND));
    }

    /** Routes read as generic resources (an informer or direct reads of {@code v1beta1}), seen as the v1 model. */
    public static ObjectCache<HTTPRoute> converted(ObjectCache<GenericKubernetesResource> generic) {
        Objects.requireNonNull(generic, "generic");
        return new ObjectCache<>() {
            @Override
            public Optional<HTTPRoute> get(String namespace, String name) {
                return generic.get(namespace, name).map(RouteApi::model);
            }

            @Override
            public Optional<HTTPRoute> fresh(String namespace, String name) {
                return generic.fresh(namespace, name).map(RouteApi::model);
            }
        };
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
