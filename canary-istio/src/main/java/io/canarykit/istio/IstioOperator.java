package io.canarykit.istio;

import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
                new Informed(context, VIRTUAL_SERVICES, IstioResources.virtualServices()),
                new Informed(context, DESTINATION_RULES, IstioResources.destinationRules()))));
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

    /** The operator's informers of one kind (one per watched namespace, or one for all) as one cache. */
    private static final class Informed implements ObjectCache<GenericKubernetesResource> {

        private final List<SharedIndexInformer<?>> informers;
        private final ObjectCache<GenericKubernetesResource> direct;

        Informed(OperatorContext context, String informer, ResourceDefinitionContext kind) {
            this.informers = context.informers(informer);
            this.direct = IstioCaches.direct(context.client(), kind);
        }

        @Override
        public Optional<GenericKubernetesResource> get(String namespace, String name) {
            String key = namespace + "/" + name;
            return informers.stream().map(i -> i.getStore().getByKey(key)).filter(GenericKubernetesResource.class::isInstance)
                    .map(GenericKubernetesResource.class::cast).findFirst();
        }

        @Override
        public Optional<GenericKubernetesResource> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }
}
