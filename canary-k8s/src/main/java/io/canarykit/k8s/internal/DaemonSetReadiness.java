package io.canarykit.k8s.internal;

import io.canarykit.api.spi.Readiness;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Flagger's {@code isDaemonSetReady} (reference §4.4, DaemonSet variant), message unwrapped. The
 * deadline runs from the Canary's {@code status.lastTransitionTime}; without one (a Canary that has
 * no status yet) there is no deadline.
 */
public final class DaemonSetReadiness {

    private DaemonSetReadiness() {
    }

    public static Readiness check(DaemonSet daemonSet, @Nullable Instant lastTransition, Duration progressDeadline,
            int thresholdPercent, Instant now) {
        DaemonSetStatus status = Objects.requireNonNullElseGet(daemonSet.getStatus(), DaemonSetStatus::new);
        long generation = Objects.requireNonNullElse(daemonSet.getMetadata().getGeneration(), 0L);
        long observed = Objects.requireNonNullElse(status.getObservedGeneration(), 0L);
        if (generation > observed) {
            return Readiness.notReady("waiting for rollout to finish: observed daemonset generation less than desired generation", true);
        }
        int desired = value(status.getDesiredNumberScheduled());
        int updated = value(status.getUpdatedNumberScheduled());
        int available = value(status.getNumberAvailable());
        // Go: int32(float32(desired) * (float32(pct) / float32(100))), truncated.
        int required = (int) ((float) desired * ((float) thresholdPercent / 100f));
        boolean notUpdated = updated < desired;
        boolean notAvailable = available < required;
        if (!notUpdated && !notAvailable) {
            return Readiness.READY;
        }
        if (lastTransition != null && lastTransition.plus(progressDeadline).isBefore(now)) {
            return Readiness.notReady("exceeded its progressDeadlineSeconds: " + progressDeadline.toSeconds(), false);
        }
        if (notUpdated) {
            return Readiness.notReady("waiting for rollout to finish: " + updated + " out of " + desired
                    + " new pods have been updated", true);
        }
        return Readiness.notReady("waiting for rollout to finish: " + available + " of " + required
                + " (readyThreshold " + thresholdPercent + "%) updated pods are available", true);
    }

    private static int value(@Nullable Integer i) {
        return i == null ? 0 : i;
    }
}
