package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.istio.IstioCaches;
import io.canarykit.istio.IstioCrds;
import io.canarykit.istio.IstioOperator;
import io.canarykit.istio.IstioResources;
import io.canarykit.istio.IstioTrafficRouter;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code provider: istio}: the cluster serves Istio's {@code networking.istio.io} CRDs; the router
 * writes the DestinationRules and the VirtualService's weighted route, and the split is read back
 * from the VirtualService the API server stores, as Istio's control plane reads it.
 */
final class IstioDemoRouting implements DemoRouting {

    private final AtomicReference<SharedIndexInformer<GenericKubernetesResource>> virtualServices = new AtomicReference<>();
    private final AtomicReference<SharedIndexInformer<GenericKubernetesResource>> destinationRules = new AtomicReference<>();

    @Override
    public List<CustomResourceDefinition> crds() {
        return IstioCrds.all();
    }

    @Override
    public void install(CanaryOperator.Builder builder) {
        builder.extraInformer(IstioOperator.VIRTUAL_SERVICES, (c, namespace) -> capture(virtualServices,
                c.genericKubernetesResources(IstioResources.virtualServices()).inNamespace(namespace).inform()));
        builder.extraInformer(IstioOperator.DESTINATION_RULES, (c, namespace) -> capture(destinationRules,
                c.genericKubernetesResources(IstioResources.destinationRules()).inNamespace(namespace).inform()));
        builder.trafficRouter(IstioTrafficRouter.PROVIDER, context -> {
            IstioCaches direct = IstioCaches.direct(context.client());
            return IstioTrafficRouter.of(context.client(), new IstioCaches(
                    InformerObjectCache.of(virtualServices.get(), direct.virtualServices()),
                    InformerObjectCache.of(destinationRules.get(), direct.destinationRules())));
        });
    }

    @Override
    public boolean inSync(KubernetesClient demo, String namespace) {
        return InformerSync.inSync(demo.genericKubernetesResources(IstioResources.virtualServices()).inNamespace(namespace).list()
                .getItems(), virtualServices)
                && InformerSync.inSync(demo.genericKubernetesResources(IstioResources.destinationRules()).inNamespace(namespace)
                        .list().getItems(), destinationRules);
    }

    /** The destinations of the VirtualService's weighted route, host to weight. */
    @Override
    @SuppressWarnings("unchecked")
    public RoutingView view(KubernetesClient demo, Canary canary) {
        GenericKubernetesResource vs = demo.genericKubernetesResources(IstioResources.virtualServices())
                .inNamespace(canary.namespace()).withName(IstioTrafficRouter.virtualServiceName(canary)).get();
        Map<String, Object> weights = new LinkedHashMap<>();
        Routes split = Routes.PRIMARY_ONLY;
        if (vs != null) {
            split = IstioTrafficRouter.split(vs, canary).orElse(Routes.PRIMARY_ONLY);
            Object http = IstioResources.spec(vs).get("http");
            if (http instanceof List<?> routes && !routes.isEmpty()) {
                Map<String, Object> last = (Map<String, Object>) routes.get(routes.size() - 1);
                for (Object destination : (List<Object>) last.getOrDefault("route", List.of())) {
                    Map<String, Object> d = (Map<String, Object>) destination;
                    Map<String, Object> target = (Map<String, Object>) d.get("destination");
                    weights.put(String.valueOf(target.get("host")), ((Number) d.getOrDefault("weight", 0)).intValue());
                }
            }
        }
        StringJoiner text = new StringJoiner(" ", "VirtualService ", "");
        weights.forEach((host, weight) -> text.add(host + "=" + weight));
        return new RoutingView(split, weights.isEmpty() ? "" : text.toString(), "virtualService", weights);
    }

    private static SharedIndexInformer<GenericKubernetesResource> capture(
            AtomicReference<SharedIndexInformer<GenericKubernetesResource>> into, SharedIndexInformer<GenericKubernetesResource> informer) {
        into.set(informer);
        return informer;
    }
}
