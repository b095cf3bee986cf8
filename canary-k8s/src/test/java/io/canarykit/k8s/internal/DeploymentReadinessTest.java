package io.canarykit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.Readiness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readiness table of reference §4.4 (Flagger's deployment_ready_test.go). */
class DeploymentReadinessTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Deployment deployment(long generation, long observed, int spec, int replicas, int updated, int available,
            List<DeploymentCondition> conditions) {
        return new DeploymentBuilder().withNewMetadata().withName("podinfo").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(spec).endSpec()
                .withNewStatus().withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
                .withAvailableReplicas(available).withConditions(conditions).endStatus().build();
    }

    private static Readiness check(Deployment d, int threshold) {
        return DeploymentReadiness.check(d, Duration.ofSeconds(5), threshold, NOW);
    }

    @Test
    void generationNotObservedIsRetriable() {
        assertThat(check(deployment(2, 1, 1, 1, 1, 1, List.of()), 100)).isEqualTo(Readiness.notReady(
                "waiting for rollout to finish: observed deployment generation less than desired generation", true));
    }

    @Test
    void thresholdFiftyPercent() {
        assertThat(check(deployment(1, 1, 4, 4, 4, 2, List.of()), 50).isReady()).isTrue();
        assertThat(check(deployment(1, 1, 4, 4, 4, 1, List.of()), 50)).isEqualTo(Readiness.notReady(
                "waiting for rollout to finish: 1 of 2 (readyThreshold 50%) updated replicas are available", true));
    }

    @Test
    void updatedAndOldReplicasMessages() {
        assertThat(check(deployment(1, 1, 2, 2, 1, 1, List.of()), 100)).isEqualTo(Readiness.notReady(
                "waiting for rollout to finish: 1 out of 2 new replicas have been updated", true));
        assertThat(check(deployment(1, 1, 2, 3, 2, 2, List.of()), 100)).isEqualTo(Readiness.notReady(
                "waiting for rollout to finish: 1 old replicas are pending termination", true));
    }

    @Test
    void progressDeadlineExceededIsFinal() {
        var progressing = new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                .withReason("ProgressDeadlineExceeded").build();
        assertThat(check(deployment(1, 1, 1, 1, 1, 1, List.of(progressing)), 100)).isEqualTo(Readiness.notReady(
                "deployment \"podinfo\" exceeded its progress deadline", false));
    }

    @Test
    void minimumReplicasUnavailablePastTheDeadlineIsFinal() {
        var progressing = new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason("ReplicaSetUpdated").build();
        var available = new DeploymentConditionBuilder().withType("Available").withStatus("False")
                .withReason("MinimumReplicasUnavailable").withLastUpdateTime(NOW.minusSeconds(10).toString()).build();
        assertThat(check(deployment(1, 1, 1, 1, 0, 0, List.of(progressing, available)), 100)).isEqualTo(Readiness.notReady(
                "waiting for rollout to finish: 0 out of 1 new replicas have been updated", false));
    }

    @Test
    void scaledToZeroIsReady() {
        assertThat(check(deployment(1, 1, 0, 0, 0, 0, List.of()), 100).isReady()).isTrue();
    }
}
