package io.canarykit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.Readiness;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flagger's {@code isDaemonSetReady} (reference §4.4, DaemonSet variant) as a table. */
class DaemonSetReadinessTest {

    private static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(600);

    @ParameterizedTest(name = "gen {0}/{1} desired {2} updated {3} available {4} threshold {5} transition -{6}s → {7}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            2 | 1 | 1 | 1 | 1 | 100 | 10   | waiting for rollout to finish: observed daemonset generation less than desired generation | true
            2 | 2 | 2 | 2 | 2 | 100 | 10   | ready | true
            1 | 1 | 0 | 0 | 0 | 100 | 10   | ready | true
            1 | 1 | 4 | 4 | 2 | 50  | 10   | ready | true
            1 | 1 | 4 | 4 | 1 | 50  | 10   | waiting for rollout to finish: 1 of 2 (readyThreshold 50%) updated pods are available | true
            1 | 1 | 3 | 3 | 1 | 70  | 10   | waiting for rollout to finish: 1 of 2 (readyThreshold 70%) updated pods are available | true
            1 | 1 | 2 | 1 | 1 | 100 | 10   | waiting for rollout to finish: 1 out of 2 new pods have been updated | true
            1 | 1 | 2 | 1 | 1 | 100 | 700  | exceeded its progressDeadlineSeconds: 600 | false
            1 | 1 | 2 | 2 | 0 | 100 | 700  | exceeded its progressDeadlineSeconds: 600 | false
            1 | 1 | 2 | 2 | 2 | 100 | 700  | ready | true
            1 | 1 | 2 | 1 | 1 | 100 | none | waiting for rollout to finish: 1 out of 2 new pods have been updated | true
            """)
    void readinessTable(long generation, long observed, int desired, int updated, int available, int threshold,
            Long transitionAgeSeconds, String expected, boolean retriable) {
        DaemonSet daemonSet = new DaemonSetBuilder().withNewMetadata().withName("podinfo").withGeneration(generation).endMetadata()
                .withNewStatus().withObservedGeneration(observed).withDesiredNumberScheduled(desired)
                .withUpdatedNumberScheduled(updated).withNumberAvailable(available).endStatus().build();
        Instant transition = transitionAgeSeconds == null ? null : NOW.minusSeconds(transitionAgeSeconds);

        Readiness readiness = DaemonSetReadiness.check(daemonSet, transition, DEADLINE, threshold, NOW);

        if ("ready".equals(expected)) {
            assertThat(readiness.isReady()).as(readiness.toString()).isTrue();
        } else {
            assertThat(readiness).isEqualTo(Readiness.notReady(expected, retriable));
        }
    }
}
