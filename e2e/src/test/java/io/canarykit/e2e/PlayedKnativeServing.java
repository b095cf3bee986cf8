package io.canarykit.e2e;

import io.canarykit.k8s.internal.Hashing;
import io.canarykit.knative.KnativeServices;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Knative Serving's controller, which this cluster lacks (a port of canary-knative's test
 * {@code FakeKnativeServing} onto a watch): at every version of a Knative Service in the namespace,
 * a new {@code spec.template} gets a new Revision ({@code <service>-0000N}, Ready through the
 * {@code revisions/status} subresource), and the Service's status records the generation it
 * reconciled, the latest created and ready revisions and the traffic in force. Everything the
 * operator writes (the {@code spec.traffic} split, its annotation) is the real API server's.
 */
final class PlayedKnativeServing implements AutoCloseable {

    static final String TEMPLATE_HASH = "e2e.canarykit.io/template-hash";
    private static final Logger LOG = LoggerFactory.getLogger(PlayedKnativeServing.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    PlayedKnativeServing(KubernetesClient client, String namespace) {
        this.client = client;
        this.informer = client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource service) {
                reconcile(service);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource service) {
                reconcile(service);
            }

            @Override
            public void onDelete(GenericKubernetesResource service, boolean unknown) {
            }
        });
    }

    private void reconcile(GenericKubernetesResource service) {
        try {
            reconcileOnce(service);
        } catch (RuntimeException e) {
            // A newer version is on its way (409): its own event reconciles it.
            LOG.info("knative service {} not reconciled: {}", service.getMetadata().getName(), e.getMessage());
        }
    }

    private void reconcileOnce(GenericKubernetesResource service) {
        String ns = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        String hash = Hashing.specHash(service.get("spec", "template"));
        List<GenericKubernetesResource> revisions = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns)
                .withLabel("serving.knative.dev/service", name).list().getItems();
        GenericKubernetesResource latest = revisions.stream()
                .max((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName())).orElse(null);
        if (latest == null || !hash.equals(latest.getMetadata().getAnnotations().get(TEMPLATE_HASH))) {
            latest = createRevision(ns, name + String.format("-%05d", revisions.size() + 1), name, hash, service);
            revisions = new ArrayList<>(revisions);
            revisions.add(latest);
        }
        String latestReady = revisions.stream().filter(PlayedKnativeServing::isReady).map(r -> r.getMetadata().getName())
                .max(String::compareTo).orElse(null);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", service.getMetadata().getGeneration());
        status.put("latestCreatedRevisionName", latest.getMetadata().getName());
        if (latestReady != null) {
            status.put("latestReadyRevisionName", latestReady);
        }
        Object traffic = service.get("spec", "traffic");
        status.put("traffic", traffic == null ? List.of(Map.of("latestRevision", true, "percent", 100)) : traffic);
        if (!Objects.equals(status, service.getAdditionalProperties().get("status"))) {
            service.setAdditionalProperty("status", status);
            client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(ns).resource(service).updateStatus();
        }
    }

    private GenericKubernetesResource createRevision(String ns, String revision, String service, String hash,
            GenericKubernetesResource owner) {
        client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Revision")
                        .withNewMetadata().withName(revision).withNamespace(ns).addToLabels("serving.knative.dev/service", service)
                        .addToAnnotations(TEMPLATE_HASH, hash).endMetadata()
                        .withAdditionalProperties(Map.of("spec", owner.get("spec", "template", "spec"))).build())
                .create();
        GenericKubernetesResource created = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns)
                .withName(revision).get();
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("type", "Ready");
        ready.put("status", "True");
        ready.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        created.setAdditionalProperty("status", Map.of("conditions", List.of(ready)));
        return client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns).resource(created).updateStatus();
    }

    private static boolean isReady(GenericKubernetesResource revision) {
        Object conditions = revision.get("status", "conditions");
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
    }

    @Override
    public void close() {
        informer.close();
    }
}
