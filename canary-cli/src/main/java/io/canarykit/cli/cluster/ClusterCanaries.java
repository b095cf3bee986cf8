package io.canarykit.cli.cluster;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The Canaries of a cluster and their events, read and written the way the cluster commands need. */
public final class ClusterCanaries {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final CanaryApiGroup group;

    public ClusterCanaries(KubernetesClient client, CanaryApiGroup group) {
        this.client = Objects.requireNonNull(client, "client");
        this.group = Objects.requireNonNull(group, "group");
    }

    public KubernetesClient client() {
        return client;
    }

    public CanaryApiGroup group() {
        return group;
    }

    /** Canaries as listed, and the list's resourceVersion (a watch from it sees what changed since). */
    public record Listed(List<Canary> canaries, String resourceVersion) {
    }

    /** Every Canary of {@code namespace}, or of the cluster when it is empty, sorted by namespace and name. */
    public List<Canary> list(Optional<String> namespace) {
        return listed(namespace).canaries();
    }

    public Listed listed(Optional<String> namespace) {
        var all = client.genericKubernetesResources(group.canaries());
        GenericKubernetesResourceList list = namespace.isPresent() ? all.inNamespace(namespace.get()).list() : all.inAnyNamespace().list();
        List<Canary> canaries = list.getItems().stream().map(CanaryResources::toCanary)
                .sorted(Comparator.comparing(Canary::namespace).thenComparing(Canary::name)).toList();
        String version = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        return new Listed(canaries, version == null ? "0" : version);
    }

    public Optional<Canary> get(String namespace, String name) {
        return Optional.ofNullable(resource(namespace, name).get()).map(CanaryResources::toCanary);
    }

    /** The canary's events, oldest first (the operator's, which name the Canary as their involved object). */
    public List<Event> events(Canary canary) {
        return client.v1().events().inNamespace(canary.namespace()).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && canary.name().equals(e.getInvolvedObject().getName())
                        && "Canary".equals(e.getInvolvedObject().getKind()))
                .sorted(Comparator.comparing(ClusterCanaries::lastSeen)).toList();
    }

    /**
     * Asks the operator to carry out {@code command} once: writes its annotations with a fresh nonce
     * (what {@code canary promote/abort/retry} and the dashboard's buttons do). Returns the nonce, or
     * empty when the canary does not exist.
     */
    public Optional<String> request(String namespace, String name, CanaryCommand command) {
        if (get(namespace, name).isEmpty()) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        annotate(namespace, name, Map.of(CanaryCommand.ANNOTATION, command.wireName(), CanaryCommand.ID_ANNOTATION, id));
        return Optional.of(id);
    }

    /** What {@link #pause} found and did. */
    public enum Suspension { NOT_FOUND, ALREADY, CHANGED }

    /** Sets {@code spec.suspend} unless it already has that value (what {@code canary pause/resume} and the dashboard do). */
    public Suspension pause(String namespace, String name, boolean suspended) {
        Optional<Canary> canary = get(namespace, name);
        if (canary.isEmpty()) {
            return Suspension.NOT_FOUND;
        }
        if (Boolean.TRUE.equals(canary.get().spec().suspend()) == suspended) {
            return Suspension.ALREADY;
        }
        suspend(namespace, name, suspended);
        return Suspension.CHANGED;
    }

    /** Sets {@code annotations} on the Canary with one JSON merge patch (no read, no resourceVersion: annotations merge). */
    private void annotate(String namespace, String name, Map<String, String> annotations) {
        resource(namespace, name).patch(PatchContext.of(PatchType.JSON_MERGE),
                SERIALIZATION.asJson(Map.of("metadata", Map.of("annotations", annotations))));
    }

    /** Sets {@code spec.suspend} with one JSON merge patch. */
    private void suspend(String namespace, String name, boolean suspended) {
        resource(namespace, name).patch(PatchContext.of(PatchType.JSON_MERGE),
                SERIALIZATION.asJson(Map.of("spec", Map.of("suspend", suspended))));
    }

    private Resource<GenericKubernetesResource> resource(String namespace, String name) {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> canaries =
                client.genericKubernetesResources(group.canaries()).inNamespace(namespace);
        return canaries.withName(name);
    }

    public static Instant lastSeen(Event e) {
        for (String time : new String[] {e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                e.getFirstTimestamp(), e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp()}) {
            if (time != null && !time.isEmpty()) {
                try {
                    return Instant.parse(time);
                } catch (java.time.format.DateTimeParseException ignored) {
                    // MicroTime with a zone offset or fractional seconds Instant.parse rejects: try the next field.
                }
            }
        }
        return Instant.EPOCH;
    }
}
