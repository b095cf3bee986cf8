package io.canarykit.knative.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code serving.knative.dev/v1} Service read as a {@link GenericKubernetesResource}: the fields
 * the canary needs, without a Knative model on the class path.
 */
public record KnativeService(GenericKubernetesResource resource) {

    /** Where Flagger keeps the primary revision's name; CanaryKit uses the same annotation. */
    public static final String PRIMARY_REVISION = "flagger.app/primary-revision";

    public KnativeService {
        Objects.requireNonNull(resource, "resource");
    }

    public String namespace() {
        return resource.getMetadata().getNamespace();
    }

    public String name() {
        return resource.getMetadata().getName();
    }

    /** {@code name.namespace}, the way Flagger names objects in messages. */
    public String dotted() {
        return name() + "." + namespace();
    }

    /** The {@value #PRIMARY_REVISION} annotation. */
    public Optional<String> primaryRevision() {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(PRIMARY_REVISION)).filter(s -> !s.isEmpty());
    }

    public Optional<String> latestCreatedRevision() {
        return text(resource.get("status", "latestCreatedRevisionName"));
    }

    public Optional<String> latestReadyRevision() {
        return text(resource.get("status", "latestReadyRevisionName"));
    }

    /**
     * Whether Knative has reconciled the current spec: only then does {@code latestCreatedRevisionName}
     * belong to the current template.
     */
    public boolean isReconciled() {
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        Object observed = resource.get("status", "observedGeneration");
        return observed instanceof Number n && n.longValue() >= generation;
    }

    /** The latest created revision, once Knative has reconciled the current spec (else it may be the previous one). */
    public Optional<String> currentRevision() {
        return isReconciled() ? latestCreatedRevision() : Optional.empty();
    }

    /**
     * The primary while the canary initializes (Flagger's Initialize): the latest created revision
     * once Knative has caught up with the spec; until then the annotation, if any, stands — our own
     * traffic writes also bump the generation, and must not make the primary unknown.
     */
    public Optional<String> initialPrimary() {
        return isReconciled() ? latestCreatedRevision() : primaryRevision();
    }

    /** {@code spec.template}: what a new Knative revision is made of. */
    public Object template() {
        return Objects.requireNonNullElse(resource.get("spec", "template"), Map.of());
    }

    /** {@code spec.traffic} as written, or empty when the field is absent. */
    public Optional<List<Object>> rawTraffic() {
        Object traffic = resource.get("spec", "traffic");
        if (!(traffic instanceof List<?> list)) {
            return Optional.empty();
        }
        return Optional.of(Collections.unmodifiableList(new ArrayList<Object>(list)));
    }

    /** The parsed {@code spec.traffic} entries (empty when absent). */
    public List<TrafficTarget> traffic() {
        return rawTraffic().orElse(List.of()).stream().map(TrafficTarget::from).flatMap(Optional::stream).toList();
    }

    private static Optional<String> text(@Nullable Object value) {
        return value instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
}
