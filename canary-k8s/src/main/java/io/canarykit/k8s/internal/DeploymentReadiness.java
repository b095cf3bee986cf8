package io.canarykit.k8s.internal;

import io.canarykit.api.spi.Readiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Flagger's {@code isDeploymentReady} (reference §4.4), message unwrapped. */
public final class DeploymentReadiness {

    private DeploymentReadiness() {
    }

    public static Readiness check(Deployment deployment, Duration progressDeadline, int thresholdPercent, Instant now) {
        DeploymentStatus status = Objects.requireNonNullElseGet(deployment.getStatus(), DeploymentStatus::new);
        long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
        long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
        if (generation > observed) {
            return Readiness.notReady("waiting for rollout to finish: observed deployment generation less than desired generation", true);
        }
        List<DeploymentCondition> conditions = Objects.requireNonNullElse(status.getConditions(), List.of());
        Optional<DeploymentCondition> progressing = find(conditions, "Progressing");
        boolean retriable = true;
        if (progressing.isPresent()) {
            Optional<DeploymentCondition> available = find(conditions, "Available");
            if (available.isPresent() && "False".equals(available.get().getStatus())
                    && "MinimumReplicasUnavailable".equals(available.get().getReason())
                    && available.get().getLastUpdateTime() != null
                    && Instant.parse(available.get().getLastUpdateTime()).plus(progressDeadline).isBefore(now)) {
                retriable = false;
            }
        }
        int updated = value(status.getUpdatedReplicas());
        // Go: int(float32(updated) * float32(pct) / 100), truncated.
        int required = (int) ((float) updated * (float) thresholdPercent / 100f);
        if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().getReason())) {
            return Readiness.notReady("deployment \"" + deployment.getMetadata().getName() + "\" exceeded its progress deadline", false);
        }
        int specReplicas = deployment.getSpec() == null ? 1 : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        if (updated < specReplicas) {
            return Readiness.notReady("waiting for rollout to finish: " + updated + " out of " + specReplicas
                    + " new replicas have been updated", retriable);
        }
        int replicas = value(status.getReplicas());
        if (replicas > updated) {
            return Readiness.notReady("waiting for rollout to finish: " + (replicas - updated)
                    + " old replicas are pending termination", retriable);
        }
        int available = value(status.getAvailableReplicas());
        if (available < required) {
            return Readiness.notReady("waiting for rollout to finish: " + available + " of " + required
                    + " (readyThreshold " + thresholdPercent + "%) updated replicas are available", retriable);
        }
        return Readiness.READY;
    }

    private static Optional<DeploymentCondition> find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }
}
