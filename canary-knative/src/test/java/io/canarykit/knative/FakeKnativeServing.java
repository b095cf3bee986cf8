package io.canarykit.knative;

import io.canarykit.k8s.internal.Hashing;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Plays Knative Serving's controller on the mock API server, which has none: a new
 * {@code spec.template} gets a new Revision ({@code <service>-0000N}, Ready unless told otherwise),
 * and the Service's status records the generation it reconciled, the latest created and latest
 * ready revisions and the traffic in force.
 */
final class FakeKnativeServing {

    static final String TEMPLATE_HASH = "test.canarykit.io/template-hash";

    private final KubernetesClient client;
    private final Clock clock;
    private boolean newRevisionsReady = true;

    FakeKnativeServing(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Whether the revisions created from now on become Ready. */
    FakeKnativeServing newRevisionsReady(boolean ready) {
        newRevisionsReady = ready;
        return this;
    }

    /** One reconciliation of the Service {@code ns/name}. */
    void reconcile(String ns, String name) {
        GenericKubernetesResource service = client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(ns).withName(name).get();
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
        String latestReady = revisions.stream().filter(FakeKnativeServing::isReady).map(r -> r.getMetadata().getName())
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

    /** Sets the Ready condition of a revision (what Knative would report). */
    void setReady(String ns, String revision, String status, String reason, String lastTransitionTime) {
        GenericKubernetesResource r = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns).withName(revision).get();
        r.setAdditionalProperty("status", Map.of("conditions", List.of(condition(status, reason, lastTransitionTime))));
        client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns).resource(r).updateStatus();
    }

    private GenericKubernetesResource createRevision(String ns, String revision, String service, String hash,
            GenericKubernetesResource owner) {
        GenericKubernetesResource created = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Revision")
                        .withNewMetadata().withName(revision).withNamespace(ns).addToLabels("serving.knative.dev/service", service)
                        .addToAnnotations(TEMPLATE_HASH, hash).endMetadata()
                        .withAdditionalProperties(Map.of("spec", owner.get("spec", "template", "spec"))).build())
                .create();
        String now = clock.instant().toString();
        setReady(ns, revision, newRevisionsReady ? "True" : "Unknown", newRevisionsReady ? "" : "Deploying", now);
        return client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns).withName(created.getMetadata().getName()).get();
    }

    private static Map<String, Object> condition(String status, String reason, String lastTransitionTime) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "Ready");
        condition.put("status", status);
        if (!reason.isEmpty()) {
            condition.put("reason", reason);
        }
        condition.put("lastTransitionTime", lastTransitionTime);
        return condition;
    }

    @SuppressWarnings("unchecked")
    private static boolean isReady(GenericKubernetesResource revision) {
        Object conditions = revision.get("status", "conditions");
        return conditions instanceof List<?> list && list.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Ready".equals(m.get("type")) && "True".equals(m.get("status")));
    }
}
