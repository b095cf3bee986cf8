package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.nginx.IngressCaches;
import io.canarykit.nginx.NginxOperator;
import io.canarykit.nginx.NginxTrafficRouter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code provider: nginx}: the user's Ingress (one host, TLS, class nginx, {@code /} to the apex
 * Service) is applied first; the router owns its canary copy, and the split is read back from that
 * copy's {@code nginx.ingress.kubernetes.io/*} annotations, which is what ingress-nginx acts on.
 */
final class NginxDemoRouting implements DemoRouting {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";
    private static final String WEIGHT = PREFIX + "canary-weight";

    private final Canary reference;
    private final AtomicReference<SharedIndexInformer<Ingress>> informer = new AtomicReference<>();

    NginxDemoRouting(Canary reference) {
        this.reference = reference;
    }

    @Override
    public void customize(Map<String, Object> spec) {
        spec.put("ingressRef", Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "name", ingressName()));
    }

    @Override
    public List<HasMetadata> userObjects() {
        return List.of(new IngressBuilder()
                .withNewMetadata().withName(ingressName()).withNamespace(reference.namespace()).addToLabels("app", ingressName())
                .addToAnnotations(PREFIX + "proxy-body-size", "8m").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewTl().withHosts(DemoManifests.HOST).withSecretName(ingressName() + "-tls").endTl()
                .addNewRule().withHost(DemoManifests.HOST).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(reference.spec().serviceName())
                .withNewPort().withNumber(reference.spec().service().port()).endPort().endService().endBackend()
                .endPath().endHttp().endRule().endSpec().build());
    }

    @Override
    public void install(CanaryOperator.Builder builder) {
        builder.extraInformer(NginxOperator.INFORMER, (c, namespace) -> {
            SharedIndexInformer<Ingress> created = c.resources(Ingress.class).inNamespace(namespace).inform();
            informer.set(created);
            return created;
        });
        builder.trafficRouter(NginxTrafficRouter.PROVIDER, context -> NginxTrafficRouter.of(context.client(),
                InformerObjectCache.of(informer.get(), IngressCaches.direct(context.client()))));
    }

    @Override
    public boolean inSync(KubernetesClient demo, String namespace) {
        return InformerSync.inSync(demo.resources(Ingress.class).inNamespace(namespace).list().getItems(), informer);
    }

    /** The canary Ingress's annotations under {@link #PREFIX}; the text shows its {@code canary*} ones. */
    @Override
    public RoutingView view(KubernetesClient demo, Canary canary) {
        Ingress ingress = demo.resources(Ingress.class).inNamespace(canary.namespace())
                .withName(NginxTrafficRouter.canaryIngressName(canary)).get();
        Map<String, Object> annotations = new TreeMap<>();
        if (ingress != null && ingress.getMetadata().getAnnotations() != null) {
            ingress.getMetadata().getAnnotations().forEach((k, v) -> {
                if (k.startsWith(PREFIX)) {
                    annotations.put(k, v);
                }
            });
        }
        StringJoiner text = new StringJoiner(" ", "Ingress ", "");
        annotations.forEach((k, v) -> {
            if (k.startsWith(PREFIX + "canary")) {
                text.add(k.substring(PREFIX.length()) + "=" + v);
            }
        });
        Object weight = annotations.get(WEIGHT);
        // The demo runs no A/B match: canary-weight is the whole split.
        Routes split = weight == null ? Routes.PRIMARY_ONLY : Routes.canaryWeight(Integer.parseInt(weight.toString()));
        return new RoutingView(split, annotations.isEmpty() ? "" : text.toString(), "ingress", annotations);
    }

    /** The user's Ingress is named after the apex Service. */
    private String ingressName() {
        return reference.spec().serviceName();
    }
}
