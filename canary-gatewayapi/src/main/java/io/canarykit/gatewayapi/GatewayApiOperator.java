package io.canarykit.gatewayapi;

import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds the Gateway API router to a {@link CanaryOperator}: an HTTPRoute informer per watched
 * namespace (so a steady weight step issues no GET, and a hand-edited route is repaired at once)
 * and the router for {@code provider: gatewayapi} and {@code gatewayapi:v1}.
 *
 * <pre>{@code
 * CanaryOperator operator = GatewayApiOperator.install(CanaryOperator.builder(client)).build();
 * }</pre>
 *
 * Install it only where the API server serves {@code gateway.networking.k8s.io/v1} HTTPRoutes
 * ({@link #served}): the informer's first list fails otherwise, and so does the operator's start.
 */
public final class GatewayApiOperator {

    /** The name of the HTTPRoute informers in {@link OperatorContext#informers}. */
    public static final String INFORMER = "httproutes";

    private GatewayApiOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        builder.extraInformer(INFORMER, (client, namespace) -> namespace.isEmpty()
                ? client.resources(HTTPRoute.class).inAnyNamespace().inform()
                : client.resources(HTTPRoute.class).inNamespace(namespace).inform());
        GatewayApiTrafficRouter.PROVIDERS.forEach(provider -> builder.trafficRouter(provider,
                context -> GatewayApiTrafficRouter.of(context.client(), new InformedRoutes(context), schema(context.client()))));
        return builder;
    }

    /** Whether the API server serves HTTPRoutes in {@code gateway.networking.k8s.io/v1} (API discovery). */
    public static boolean served(KubernetesClient client) {
        return client.supports(HTTPRoute.class);
    }

    /**
     * What the installed HTTPRoute CRD serves (its v1 schema): the router leaves out the fields an
     * older Gateway API prunes (v1.0: rule timeouts, mirror percent and fraction) and the filter types it
     * refuses (v1.0: CORS), so that the stored route is the written one.
     */
    public static HttpRouteSchema schema(KubernetesClient client) {
        return HttpRouteSchema.read(client);
    }

    /** The operator's HTTPRoute informers (one per watched namespace, or one for all) as one cache. */
    private static final class InformedRoutes implements ObjectCache<HTTPRoute> {

        private final List<SharedIndexInformer<?>> informers;
        private final ObjectCache<HTTPRoute> direct;

        InformedRoutes(OperatorContext context) {
            this.informers = context.informers(INFORMER);
            this.direct = HttpRouteCaches.direct(context.client());
        }

        @Override
        public Optional<HTTPRoute> get(String namespace, String name) {
            String key = namespace + "/" + name;
            return informers.stream().map(i -> i.getStore().getByKey(key)).filter(HTTPRoute.class::isInstance)
                    .map(HTTPRoute.class::cast).findFirst();
        }

        @Override
        public Optional<HTTPRoute> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }
}
