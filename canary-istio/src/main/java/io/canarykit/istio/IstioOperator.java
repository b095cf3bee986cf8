package io.canarykit.istio;

import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * Adds the Istio router to a {@link CanaryOperator}: VirtualService and DestinationRule informers
 * per watched namespace (so a steady weight step issues no GET, and a hand-edited object is
 * repaired at the next tick) and the router for {@code provider: istio}.
 *
 * <pre>{@code
 * CanaryOperator operator = IstioOperator.install(CanaryOperator.builder(client)).build();
 * }</pre>
 *
 * The operator needs {@code get, list, watch, create, update, patch, delete} on
 * {@code networking.istio.io} {@code virtualservices} and {@code destinationrules} (in the watched
 * namespaces, or cluster-wide). Install it only where the API server serves them in
 * {@code networking.istio.io/v1beta1} ({@link #served}): the informers' first list fails otherwise,
 * and so does the operator's start.
 */
public final class IstioOperator {

    /** The name of the VirtualService informers in {@link OperatorContext#informers}. */
    public static final String VIRTUAL_SERVICES = "virtualservices";
    /** The name of the DestinationRule informers in {@link OperatorContext#informers}. */
    public static final String DESTINATION_RULES = "destinationrules";

    private IstioOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        builder.extraInformer(VIRTUAL_SERVICES, (client, namespace) -> inform(client, IstioResources.virtualServices(), namespace));
        builder.extraInformer(DESTINATION_RULES, (client, namespace) -> inform(client, IstioResources.destinationRules(), namespace));
        builder.trafficRouter(IstioTrafficRouter.PROVIDER, context -> IstioTrafficRouter.of(context.client(), new IstioCaches(
                context.cache(VIRTUAL_SERVICES, GenericKubernetesResource.class, IstioCaches.direct(context.client(), IstioResources.virtualServices())),
                context.cache(DESTINATION_RULES, GenericKubernetesResource.class, IstioCaches.direct(context.client(), IstioResources.destinationRules())))));
        return builder;
    }

    /** Whether the API server serves VirtualServices and DestinationRules in {@code networking.istio.io/v1beta1} (API discovery). */
    public static boolean served(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        return client.supports(IstioResources.API_VERSION, IstioResources.VIRTUAL_SERVICE)
                && client.supports(IstioResources.API_VERSION, IstioResources.DESTINATION_RULE);
    }

    private static SharedIndexInformer<GenericKubernetesResource> inform(KubernetesClient client, ResourceDefinitionContext kind,
            String namespace) {
        var operation = client.genericKubernetesResources(kind);
        return namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
    }

}
