package io.canarykit.demo.operator;

import io.canarykit.knative.KnativeServices;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Knative Serving's controller, which the in-process API server does not run: a Service whose
 * {@code spec.template} has no Revision yet gets one ({@code <service>-0000N}, Ready), and the
 * Service's status records the generation it reconciled, the latest created and ready revisions and
 * the traffic in force — what the Knative target controller and router read.
 */
final class PlayedKnativeServing {

    private static final String SERVICE_LABEL = "serving.knative.dev/service";

    private final KubernetesClient client;
    private final Clock clock;

    PlayedKnativeServing(KubernetesClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One pass over the Knative Services of {@code namespace}. */
    void reconcile(String namespace) {
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).list().getItems()
                .forEach(service -> reconcile(namespace, service));
    }

    private void reconcile(String namespace, GenericKubernetesResource service) {
        String name = service.getMetadata().getName();
        Object template = service.get("spec", "template", "spec");
        List<GenericKubernetesResource> revisions = new ArrayList<>(client.genericKubernetesResources(KnativeServices.REVISIONS)
                .inNamespace(namespace).withLabel(SERVICE_LABEL, name).list().getItems());
        revisions.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        GenericKubernetesResource latest = revisions.isEmpty() ? null : revisions.get(revisions.size() - 1);
        if (latest == null || !Objects.equals(template, latest.getAdditionalProperties().get("spec"))) {
            latest = createRevision(namespace, name + String.format("-%05d", revisions.size() + 1), name, template);
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", service.getMetadata().getGeneration());
        status.put("latestCreatedRevisionName", latest.getMetadata().getName());
        status.put("latestReadyRevisionName", latest.getMetadata().getName());
        Object traffic = service.get("spec", "traffic");
        status.put("traffic", traffic == null ? List.of(Map.of("latestRevision", true, "percent", 100)) : traffic);
        status.put("conditions", List.of(Map.of("type", "Ready", "status", "True", "lastTransitionTime", clock.instant().toString())));
        if (!Objects.equals(status.get("observedGeneration"), statusField(service, "observedGeneration"))
                || !Objects.equals(latest.getMetadata().getName(), statusField(service, "latestCreatedRevisionName"))
                || !Objects.equals(status.get("traffic"), statusField(service, "traffic"))) {
            service.setAdditionalProperty("status", status);
            client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(namespace).resource(service).updateStatus();
        }
    }

    private GenericKubernetesResource createRevision(String namespace, String revision, String service, Object template) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spec", template);
        properties.put("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
                "lastTransitionTime", clock.instant().toString()))));
        GenericKubernetesResource created = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Revision")
                        .withNewMetadata().withName(revision).withNamespace(namespace).addToLabels(SERVICE_LABEL, service).endMetadata()
                        .withAdditionalProperties(properties).build())
                .create();
        // The status subresource ignores the status of a create: set it as Knative would once the revision is up.
        created.setAdditionalProperty("status", properties.get("status"));
        return client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(namespace).resource(created).updateStatus();
    }

    @SuppressWarnings("unchecked")
    private static Object statusField(GenericKubernetesResource service, String field) {
        Object status = service.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(field) : null;
    }
}
