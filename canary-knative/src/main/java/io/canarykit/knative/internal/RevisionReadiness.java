package io.canarykit.knative.internal;

import io.canarykit.api.spi.Readiness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Readiness of a Knative Revision from its conditions. {@code Ready: True} is ready (a revision
 * scaled to zero stays ready). Otherwise waiting can help, unless Knative gave up on it
 * ({@code ProgressDeadlineExceeded}) or it has not been ready for longer than the canary's
 * progress deadline, counted from its Ready condition's last transition (its creation when it has
 * none) — the way the Deployment target treats a rollout that stopped progressing.
 */
public final class RevisionReadiness {

    static final String DEADLINE_REASON = "ProgressDeadlineExceeded";
    private static final List<String> FAILURE_CONDITIONS = List.of("Ready", "ResourcesAvailable", "ContainerHealthy");

    private RevisionReadiness() {
    }

    public static Readiness check(GenericKubernetesResource revision, Duration progressDeadline, Instant now) {
        String name = revision.getMetadata().getName() + "." + revision.getMetadata().getNamespace();
        List<Map<?, ?>> conditions = conditions(revision);
        Optional<Map<?, ?>> ready = find(conditions, "Ready");
        if (ready.isPresent() && "True".equals(ready.get().get("status"))) {
            return Readiness.READY;
        }
        String why = ready.map(RevisionReadiness::describe).orElse("no Ready condition yet");
        for (String type : FAILURE_CONDITIONS) {
            Optional<Map<?, ?>> condition = find(conditions, type);
            if (condition.isPresent() && DEADLINE_REASON.equals(condition.get().get("reason"))) {
                return Readiness.notReady("Knative Revision " + name + " exceeded its progress deadline: " + describe(condition.get()),
                        false);
            }
        }
        Instant since = ready.map(c -> instant(c.get("lastTransitionTime")))
                .orElseGet(() -> instant(revision.getMetadata().getCreationTimestamp()));
        if (since != null && since.plus(progressDeadline).isBefore(now)) {
            return Readiness.notReady("Knative Revision " + name + " has not been ready for longer than the progress deadline ("
                    + progressDeadline.toSeconds() + "s): " + why, false);
        }
        return Readiness.notReady("Knative Revision " + name + " is not ready: " + why, true);
    }

    private static List<Map<?, ?>> conditions(GenericKubernetesResource revision) {
        Object list = revision.get("status", "conditions");
        if (!(list instanceof List<?> items)) {
            return List.of();
        }
        return items.stream().filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }

    private static Optional<Map<?, ?>> find(List<Map<?, ?>> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    private static String describe(Map<?, ?> condition) {
        String text = condition.get("type") + "=" + condition.get("status");
        Object reason = condition.get("reason");
        Object message = condition.get("message");
        return text + (reason == null ? "" : " " + reason) + (message == null ? "" : ": " + message);
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
