package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.linkerd.SmiOperator;
import io.canarykit.linkerd.SmiProvider;
import io.canarykit.linkerd.SmiTrafficRouter;
import io.canarykit.linkerd.SmiVersion;
import io.canarykit.linkerd.TrafficSplitCaches;
import io.canarykit.linkerd.TrafficSplits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code provider: linkerd}: Flagger's SMI router. The cluster serves the {@code split.smi-spec.io}
 * TrafficSplit ({@code v1alpha1}, Linkerd's), the router writes its backends' weights, and the split
 * is read back from the TrafficSplit the API server stores, as Linkerd's proxies read it.
 */
final class LinkerdDemoRouting implements DemoRouting {

    private static final SmiVersion VERSION = SmiProvider.LINKERD.version();

    private final AtomicReference<SharedIndexInformer<GenericKubernetesResource>> informer = new AtomicReference<>();

    @Override
    public List<CustomResourceDefinition> crds() {
        return List.of(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("trafficsplits." + SmiVersion.GROUP).endMetadata()
                .withNewSpec().withGroup(SmiVersion.GROUP).withScope("Namespaced")
                .withNewNames().withKind(SmiVersion.KIND).withPlural("trafficsplits").withSingular("trafficsplit")
                .withListKind(SmiVersion.KIND + "List").endNames()
                .addNewVersion().withName(VERSION.version()).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build());
    }

    @Override
    public void install(CanaryOperator.Builder builder) {
        builder.extraInformer(SmiOperator.informer(VERSION), (c, namespace) -> {
            SharedIndexInformer<GenericKubernetesResource> created = c.genericKubernetesResources(VERSION.trafficSplits())
                    .inNamespace(namespace).inform();
            informer.set(created);
            return created;
        });
        builder.trafficRouter(SmiProvider.LINKERD.id(), context -> SmiTrafficRouter.of(context.client(),
                InformerObjectCache.of(informer.get(), TrafficSplitCaches.direct(context.client(), VERSION)), SmiProvider.LINKERD));
    }

    @Override
    public boolean inSync(KubernetesClient demo, String namespace) {
        return InformerSync.inSync(demo.genericKubernetesResources(VERSION.trafficSplits()).inNamespace(namespace).list().getItems(),
                informer);
    }

    @Override
    public RoutingView view(KubernetesClient demo, Canary canary) {
        GenericKubernetesResource split = demo.genericKubernetesResources(VERSION.trafficSplits()).inNamespace(canary.namespace())
                .withName(SmiTrafficRouter.splitName(canary)).get();
        Map<String, Object> weights = new LinkedHashMap<>();
        if (split != null) {
            weights.putAll(TrafficSplits.weights(split));
        }
        StringJoiner text = new StringJoiner(" ", "TrafficSplit ", "");
        weights.forEach((service, weight) -> text.add(service + "=" + weight));
        int primary = (Integer) weights.getOrDefault(canary.spec().primaryServiceName(), 0);
        int canaryWeight = (Integer) weights.getOrDefault(canary.spec().canaryServiceName(), 0);
        Routes routes = weights.isEmpty() || primary + canaryWeight != 100 ? Routes.PRIMARY_ONLY : new Routes(primary, canaryWeight, false);
        return new RoutingView(routes, weights.isEmpty() ? "" : text.toString(), "trafficSplit", weights);
    }
}
