package io.canarykit.gatewayapi;

import io.canarykit.gatewayapi.internal.RouteApi;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
    /** The name of the {@code v1beta1} HTTPRoute informers. */
    public static final String INFORMER_V1BETA1 = "httproutes-v1beta1";

    private GatewayApiOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        return install(builder, Set.of(GatewayApiVersion.V1));
    }

    /**
     * Installs a router per HTTPRoute version in {@code versions} ({@link #servedVersions}): {@code v1}
     * for {@code gatewayapi} and {@code gatewayapi:v1}, {@code v1beta1} for {@code gatewayapi:v1beta1},
     * each with informers of its own version.
     */
    public static CanaryOperator.Builder install(CanaryOperator.Builder builder, Set<GatewayApiVersion> versions) {
        Objects.requireNonNull(builder, "builder");
        if (versions.contains(GatewayApiVersion.V1)) {
            builder.extraInformer(INFORMER, (client, namespace) -> namespace.isEmpty()
                    ? client.resources(HTTPRoute.class).inAnyNamespace().inform()
                    : client.resources(HTTPRoute.class).inNamespace(namespace).inform());
        }
        if (versions.contains(GatewayApiVersion.V1BETA1)) {
            ResourceDefinitionContext beta = GatewayApiVersion.V1BETA1.httpRoutes();
            builder.extraInformer(INFORMER_V1BETA1, (client, namespace) -> namespace.isEmpty()
                    ? client.genericKubernetesResources(beta).inAnyNamespace().inform()
                    : client.genericKubernetesResources(beta).inNamespace(namespace).inform());
        }
        for (GatewayApiVersion version : versions) {
            version.providers().forEach(provider -> builder.trafficRouter(provider, context -> GatewayApiTrafficRouter.of(
                    context.client(), routes(context, version), HttpRouteSchema.read(context.client(), version),
                    version)));
        }
        return builder;
    }

    /** Whether the API server serves HTTPRoutes in {@code gateway.networking.k8s.io/v1} (API discovery). */
    public static boolean served(KubernetesClient client) {
        return client.supports(HTTPRoute.class);
    }

    /** The HTTPRoute versions the API server serves (API discovery); empty without the Gateway API. */
    public static Set<GatewayApiVersion> servedVersions(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        Set<GatewayApiVersion> served = EnumSet.noneOf(GatewayApiVersion.class);
        for (GatewayApiVersion version : GatewayApiVersion.values()) {
            if (version.isServed(client)) {
                served.add(version);
            }
        }
        return served;
    }

    /**
     * What the installed HTTPRoute CRD serves (its v1 schema): the router leaves out the fields an
     * older Gateway API prunes (v1.0: rule timeouts, mirror percent and fraction) and the filter types it
     * refuses (v1.0: CORS), so that the stored route is the written one.
     */
    public static HttpRouteSchema schema(KubernetesClient client) {
        return HttpRouteSchema.read(client);
    }

    /** The operator's HTTPRoute informers of one version as one cache; v1beta1 ones store generic resources. */
    private static ObjectCache<HTTPRoute> routes(OperatorContext context, GatewayApiVersion version) {
        return context.cache(version == GatewayApiVersion.V1 ? INFORMER : INFORMER_V1BETA1,
                stored -> Optional.of(stored instanceof HTTPRoute route ? route : RouteApi.model((GenericKubernetesResource) stored)),
                HttpRouteCaches.direct(context.client(), version));
    }
}
