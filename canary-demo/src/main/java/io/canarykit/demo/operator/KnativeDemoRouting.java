package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.knative.KnativeCrds;
import io.canarykit.knative.KnativeServices;
import io.canarykit.knative.KnativeTargetController;
import io.canarykit.knative.KnativeTrafficRouter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code provider: knative}: the Canary targets a Knative Service ({@code serving.knative.dev/v1})
 * running the demo's pod template; the demo plays Knative Serving (a Ready Revision per template,
 * the Service's status). The router writes the Service's {@code spec.traffic} by revision, with no
 * apex, primary or canary Kubernetes Services; the split is read back from that traffic block.
 */
final class KnativeDemoRouting implements DemoRouting {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final AtomicReference<SharedIndexInformer<GenericKubernetesResource>> services = new AtomicReference<>();
    private final AtomicReference<SharedIndexInformer<GenericKubernetesResource>> revisions = new AtomicReference<>();

    @Override
    public List<CustomResourceDefinition> crds() {
        return KnativeCrds.all();
    }

    @Override
    public void customize(Map<String, Object> spec) {
        Map<String, Object> target = DemoManifests.child(spec, "targetRef");
        target.put("apiVersion", "serving.knative.dev/v1");
        target.put("kind", "Service");
    }

    /** The Knative Service {@code web}, running the Deployment's pod template. */
    @Override
    @SuppressWarnings("unchecked")
    public HasMetadata workload(Deployment deployment) {
        Map<String, Object> pod = SERIALIZATION.convertValue(deployment.getSpec().getTemplate().getSpec(), Map.class);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", Map.of("spec", pod));
        return new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Service")
                .withNewMetadata().withName(deployment.getMetadata().getName()).withNamespace(deployment.getMetadata().getNamespace())
                .endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void ship(KubernetesClient demo, String namespace, String name, String image) {
        GenericKubernetesResource service = demo.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace)
                .withName(name).get();
        List<Map<String, Object>> containers = (List<Map<String, Object>>) service.get("spec", "template", "spec", "containers");
        containers.get(0).put("image", image);
        demo.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).resource(service).update();
    }

    @Override
    public void install(CanaryOperator.Builder builder) {
        builder.extraInformer("knative-services", (c, namespace) -> capture(services,
                c.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).inform()));
        builder.extraInformer("knative-revisions", (c, namespace) -> capture(revisions,
                c.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(namespace).inform()));
        builder.targetKind(KnativeTargetController.TARGET_KIND, (context, clock) -> KnativeTargetController.of(context.client(),
                InformerObjectCache.of(services.get(), KnativeServices.direct(context.client())),
                InformerObjectCache.of(revisions.get(), KnativeServices.directRevisions(context.client())), clock));
        builder.standaloneTrafficRouter(KnativeTrafficRouter.PROVIDER, context -> KnativeTrafficRouter.of(context.client(),
                InformerObjectCache.of(services.get(), KnativeServices.direct(context.client()))));
    }

    @Override
    public void play(KubernetesClient demo, String namespace, Clock clock) {
        new PlayedKnativeServing(demo, clock).reconcile(namespace);
    }

    @Override
    public boolean inSync(KubernetesClient demo, String namespace) {
        return InformerSync.inSync(demo.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).list().getItems(),
                services)
                && InformerSync.inSync(demo.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(namespace).list()
                        .getItems(), revisions);
    }

    /** The Service's {@code spec.traffic}: {@code latest} (the canary revision) and the pinned primary revision, to percent. */
    @Override
    @SuppressWarnings("unchecked")
    public RoutingView view(KubernetesClient demo, Canary canary) {
        GenericKubernetesResource service = demo.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(canary.namespace())
                .withName(canary.spec().targetRef().name()).get();
        Map<String, Object> traffic = new LinkedHashMap<>();
        Object block = service == null ? null : service.get("spec", "traffic");
        if (block instanceof List<?> entries) {
            for (Object entry : entries) {
                Map<String, Object> e = (Map<String, Object>) entry;
                String name = Boolean.TRUE.equals(e.get("latestRevision")) ? "latest" : String.valueOf(e.get("revisionName"));
                traffic.put(name, ((Number) e.getOrDefault("percent", 0)).intValue());
            }
        }
        StringJoiner text = new StringJoiner(" ", "traffic ", "");
        traffic.forEach((name, percent) -> text.add(name + "=" + percent));
        int canaryPercent = (Integer) traffic.getOrDefault("latest", 0);
        Routes split = traffic.size() == 2 ? Routes.canaryWeight(canaryPercent) : Routes.PRIMARY_ONLY;
        return new RoutingView(split, traffic.isEmpty() ? "" : text.toString(), "knativeTraffic", traffic);
    }

    private static SharedIndexInformer<GenericKubernetesResource> capture(
            AtomicReference<SharedIndexInformer<GenericKubernetesResource>> into, SharedIndexInformer<GenericKubernetesResource> informer) {
        into.set(informer);
        return informer;
    }
}
