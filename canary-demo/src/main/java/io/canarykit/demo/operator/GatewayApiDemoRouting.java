package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.gatewayapi.GatewayAcceptance;
import io.canarykit.gatewayapi.GatewayApiCrds;
import io.canarykit.gatewayapi.GatewayApiTrafficRouter;
import io.canarykit.gatewayapi.HttpRouteCaches;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code provider: gatewayapi}: the Canary names a parent Gateway, the router writes weights on an
 * HTTPRoute, and the demo plays the gateway controller (every parent accepts the route at its
 * current generation). The split is read back from the backends of the route's weighted rule.
 */
final class GatewayApiDemoRouting implements DemoRouting {

    static final String GATEWAY_CONTROLLER = "gateway.canarykit.io/demo-controller";
    static final String GATEWAY_NAMESPACE = "gateway-system";
    static final String GATEWAY = "public";
    private static final String INFORMER = "httproutes";

    private final AtomicReference<SharedIndexInformer<HTTPRoute>> informer = new AtomicReference<>();

    @Override
    public List<CustomResourceDefinition> crds() {
        return List.of(GatewayApiCrds.httpRoute());
    }

    @Override
    public void customize(Map<String, Object> spec) {
        DemoManifests.child(spec, "service").put("gatewayRefs", List.of(Map.of("name", GATEWAY, "namespace", GATEWAY_NAMESPACE)));
    }

    @Override
    public void install(CanaryOperator.Builder builder) {
        builder.extraInformer(INFORMER, (c, namespace) -> {
            SharedIndexInformer<HTTPRoute> created = c.resources(HTTPRoute.class).inNamespace(namespace).inform();
            informer.set(created);
            return created;
        });
        GatewayApiTrafficRouter.PROVIDERS.forEach(p -> builder.trafficRouter(p, context -> GatewayApiTrafficRouter.of(
                context.client(), InformerObjectCache.of(informer.get(), HttpRouteCaches.direct(context.client())))));
    }

    @Override
    public void play(KubernetesClient demo, String namespace, Clock clock) {
        for (HTTPRoute route : demo.resources(HTTPRoute.class).inNamespace(namespace).list().getItems()) {
            if (!GatewayAcceptance.accepted(route)) {
                route.setStatus(GatewayAcceptance.acceptedBy(GATEWAY_CONTROLLER, route, clock.instant()));
                demo.resource(route).updateStatus();
            }
        }
    }

    @Override
    public boolean inSync(KubernetesClient demo, String namespace) {
        return InformerSync.inSync(demo.resources(HTTPRoute.class).inNamespace(namespace).list().getItems(), informer);
    }

    @Override
    public RoutingView view(KubernetesClient demo, Canary canary) {
        Map<String, Object> backends = backends(demo, canary);
        StringJoiner text = new StringJoiner(" ", "HTTPRoute ", "");
        backends.forEach((name, weight) -> text.add(name + "=" + weight));
        return new RoutingView(split(backends, canary), backends.isEmpty() ? "" : text.toString(), "httpRoute", backends);
    }

    /** The backends of the HTTPRoute's weighted rule (the one routing to both primary and canary), name to weight. */
    private static Map<String, Object> backends(KubernetesClient demo, Canary canary) {
        HTTPRoute route = demo.resources(HTTPRoute.class).inNamespace(canary.namespace()).withName(canary.spec().serviceName()).get();
        if (route == null || route.getSpec() == null || route.getSpec().getRules() == null) {
            return Map.of();
        }
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            Map<String, Object> backends = new LinkedHashMap<>();
            for (HTTPBackendRef ref : rule.getBackendRefs() == null ? List.<HTTPBackendRef>of() : rule.getBackendRefs()) {
                backends.put(ref.getName(), ref.getWeight() == null ? 1 : ref.getWeight());
            }
            if (backends.containsKey(canary.spec().primaryServiceName()) && backends.containsKey(canary.spec().canaryServiceName())) {
                return backends;
            }
        }
        return Map.of();
    }

    /** The split on the route; all primary while the router has not written one yet. */
    private static Routes split(Map<String, Object> backends, Canary canary) {
        int primary = (Integer) backends.getOrDefault(canary.spec().primaryServiceName(), 0);
        int canaryWeight = (Integer) backends.getOrDefault(canary.spec().canaryServiceName(), 0);
        return backends.isEmpty() || primary + canaryWeight != 100 ? Routes.PRIMARY_ONLY : new Routes(primary, canaryWeight, false);
    }
}
