package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two operators on one Lease: exactly one ticks; when it stops, the other takes over after its drain. */
class LeaderElectionTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ScriptedMetricProvider metrics = new ScriptedMetricProvider("prometheus").values(OperatorFixtures.ERROR_RATE, 0.5);

    private OperatorDriver replica(String identity) {
        LeaderElection election = LeaderElection.of("default", "canarykit-operator", identity)
                .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(200));
        return new OperatorDriver(K8S, clock, metrics, b -> b.leaderElection(election).tickDeadline(Duration.ofMillis(500)));
    }

    @Test
    void exactlyOneReplicaTicksAndTheOtherTakesOverWhenItStops() throws InterruptedException {
        OperatorFixtures.createWorkload(K8S.client());
        OperatorFixtures.create(K8S.client(), OperatorFixtures.canary("kubernetes", "    iterations: 3", false));
        try (OperatorDriver a = replica("replica-a"); OperatorDriver b = replica("replica-b")) {
            a.operator.start();
            await().until(a.operator::isLeader);
            b.operator.start();
            await().until(b.operator::isReady);
            await().until(() -> a.operator.scheduled().contains(OperatorDriver.PODINFO));
            a.operator.awaitIdle(Duration.ofSeconds(5));
            for (int i = 0; i < 3; i++) {
                clock.add(OperatorDriver.INTERVAL);
                // Virtual time jumped past the renew deadline: the leader ticks once it has renewed since.
                Instant jumped = clock.instant();
                await().until(() -> a.operator.lastLeaseRenewal().filter(r -> !r.isBefore(jumped)).isPresent());
                a.timer.advance(OperatorDriver.INTERVAL);
                b.timer.advance(OperatorDriver.INTERVAL);
                a.operator.awaitIdle(Duration.ofSeconds(5));
            }
            Lease lease = K8S.client().leases().inNamespace("default").withName("canarykit-operator").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
            int transitions = lease.getSpec().getLeaseTransitions();
            assertThat(a.ticks).as("the leader ticks").hasSizeGreaterThanOrEqualTo(3);
            assertThat(b.operator.isLeader()).isFalse();
            assertThat(b.ticks).as("the follower never ticks").isEmpty();
            assertThat(b.errors).as("nor tries to").isEmpty();
            assertThat(b.operator.scheduled()).as("the follower schedules nothing").isEmpty();
            assertThat(b.operator.isReady()).as("a follower is ready (standby)").isTrue();

            a.operator.close();
            int aTicks = a.ticks.size();
            long aStopped = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).until(b.operator::isLeader);
            await().until(() -> !b.ticks.isEmpty());
            Lease taken = K8S.client().leases().inNamespace("default").withName("canarykit-operator").get();
            assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("replica-b");
            assertThat(taken.getSpec().getLeaseTransitions()).as("one hand-over, from replica-a to replica-b")
                    .isEqualTo(transitions + 1);
            assertThat(a.operator.isLeader()).isFalse();
            assertThat(a.tickNanos.get(a.tickNanos.size() - 1)).as("the old leader's last tick ended before it stopped")
                    .isLessThan(aStopped);
            assertThat(b.tickNanos.get(0)).as("the new leader ticked after the old one drained").isGreaterThan(aStopped);
            a.timer.advance(Duration.ofMinutes(1));
            assertThat(a.ticks).as("the stopped replica ticks no more").hasSize(aTicks);
            assertThat(b.ticks.get(0).status().phase()).as("the new leader resumed from the stored status")
                    .isEqualTo(a.last().phase());
        }
    }

    /**
     * A leader whose renewals stopped (a partition) refuses to tick once its last renewal is
     * renewDeadline (45s) old, although the elector has not noticed yet and it still holds the
     * Lease. The retry period (20s) leaves no renewal within the test.
     */
    @Test
    void leaderRefusesToTickOnceItsLastRenewalIsRenewDeadlineOld() throws InterruptedException {
        OperatorFixtures.createWorkload(K8S.client());
        OperatorFixtures.create(K8S.client(), OperatorFixtures.canary("kubernetes", "    iterations: 3", false));
        LeaderElection election = LeaderElection.of("default", "canarykit-operator", "replica-a")
                .withTimings(Duration.ofSeconds(60), Duration.ofSeconds(45), Duration.ofSeconds(20));
        try (OperatorDriver a = new OperatorDriver(K8S, clock, metrics, b -> b.leaderElection(election))) {
            a.operator.start();
            await().until(a.operator::isLeader);
            await().until(() -> a.operator.scheduled().contains(OperatorDriver.PODINFO));
            a.operator.awaitIdle(Duration.ofSeconds(5));
            Instant renewed = a.operator.lastLeaseRenewal().orElseThrow();
            int before = a.ticks.size();

            clock.add(Duration.ofSeconds(44));
            a.timer.advance(OperatorDriver.INTERVAL);
            a.operator.awaitIdle(Duration.ofSeconds(5));
            assertThat(a.ticks).as("44s after the renewal: ticks").hasSize(before + 1);

            clock.add(Duration.ofSeconds(1));
            a.timer.advance(OperatorDriver.INTERVAL);
            a.operator.awaitIdle(Duration.ofSeconds(5));
            assertThat(a.operator.lastLeaseRenewal()).as("no renewal in between").contains(renewed);
            assertThat(a.ticks).as("45s (the renew deadline) after the renewal: refused").hasSize(before + 1);
            assertThat(a.errors).last().extracting(Exception::getMessage).asString().contains("renew deadline");
            assertThat(a.operator.isLeader()).as("the elector has not given up yet").isTrue();
        }
    }

    @Test
    void renewDeadlineMustLeaveRoomForFabric8sJitteredRetry() {
        LeaderElection base = LeaderElection.of("default", "lease", "me");
        assertThatThrownBy(() -> base.withTimings(Duration.ofSeconds(30), Duration.ofMillis(4400), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2.2 x retryPeriod");
        assertThat(base.withTimings(Duration.ofSeconds(30), Duration.ofMillis(4401), Duration.ofSeconds(2)).renewDeadline())
                .isEqualTo(Duration.ofMillis(4401));
    }

    @Test
    void tickDeadlineMustFitTheHandOverBudget() {
        LeaderElection election = LeaderElection.of("default", "lease", "me")
                .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(200));
        assertThatThrownBy(() -> CanaryOperator.builder(K8S.client()).leaderElection(election).tickDeadline(Duration.ofSeconds(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseDuration - renewDeadline");
        assertThat(List.of(election.handOverBudget())).containsExactly(Duration.ofSeconds(2));
    }
}
