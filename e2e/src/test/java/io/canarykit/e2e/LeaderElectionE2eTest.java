package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator processes stand for the Lease {@code canarykit/canarykit-operator}: only the holder
 * ticks (the other's {@code flagger_canary_duration_seconds_count} stays absent); SIGKILL of the holder
 * mid-analysis leaves the Lease unreleased, the other takes it once it has expired — within the
 * lease duration (30 s) plus one retry period (3 s) — and finishes the canary.
 */
@ExtendWith(Cluster.Extension.class)
class LeaderElectionE2eTest {

    private static final Duration LEASE_DURATION = Duration.ofSeconds(30);
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(3);
    /**
     * The longest wait between two acquire attempts of the follower: fabric8's LeaderElector jitters
     * the retry period by up to 1.2 times itself ({@code JITTER_FACTOR}), as client-go does.
     */
    private static final Duration MAX_RETRY_WAIT = RETRY_PERIOD.plus(RETRY_PERIOD.multipliedBy(12).dividedBy(10));
    /** One poll of the Lease (100 ms) and one API round trip, on a loaded CI machine. */
    private static final Duration OBSERVATION = Duration.ofSeconds(1);

    @Test
    @DisplayName("4 leader election on a real Lease: only the holder ticks; SIGKILL of the holder, the other takes over and finishes")
    void theFollowerTakesOverWithinTheLeaseDuration(Cluster cluster) {
        String name = "4-leader-election";
        GatewayApiRun.prepare(cluster, name);
        Map<String, String> election = Map.of("LEADER_ELECTION_NAMESPACE", Cluster.OPERATOR_NAMESPACE);
        OperatorProcess a = cluster.startOperator(name, "operator-a", election);
        OperatorProcess b = cluster.startOperator(name, "operator-b", election);
        String holder = Awaitility.await("a Lease holder").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> holder(cluster), h -> h.filter(List.of("operator-a", "operator-b")::contains).isPresent()).orElseThrow();
        OperatorProcess leader = holder.equals(a.name()) ? a : b;
        OperatorProcess follower = leader == a ? b : a;
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitWeight(20, GatewayApiRun.RUN);
            assertThat(analysisTicks(leader)).as("ticks of the holder %s", leader.name()).isPositive();
            assertThat(analysisTicks(follower)).as("ticks of the follower %s", follower.name()).isZero();

            leader.kill();
            long killed = System.nanoTime();
            // The follower times the lease from when it saw the holder's last renewal (up to one retry
            // wait after it), and acquires at its first attempt after that time plus the lease duration.
            Duration bound = LEASE_DURATION.plus(MAX_RETRY_WAIT.multipliedBy(2)).plus(OBSERVATION);
            Awaitility.await("the Lease taken over by " + follower.name()).atMost(bound.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(100)).until(() -> holder(cluster).filter(follower.name()::equals).isPresent());
            Duration takeOver = Duration.ofNanos(System.nanoTime() - killed);
            assertThat(takeOver).as("time from SIGKILL of the holder to the new holder").isLessThanOrEqualTo(bound);

            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(analysisTicks(follower)).as("ticks of the new holder").isPositive();
            assertThat(history.weights()).containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
        }
        assertThat(cluster.gateway.weights(cluster.namespace())).containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
        Lease lease = cluster.admin.leases().inNamespace(Cluster.OPERATOR_NAMESPACE).withName("canarykit-operator").get();
        assertThat(lease.getSpec().getLeaseTransitions()).as("lease transitions").isGreaterThanOrEqualTo(1);
    }

    private static Optional<String> holder(Cluster cluster) {
        Lease lease = cluster.admin.leases().inNamespace(Cluster.OPERATOR_NAMESPACE).withName("canarykit-operator").get();
        return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
    }

    /** The ticks that reached the analysis, as the operator's own {@code /metrics} counts them. */
    private static long analysisTicks(OperatorProcess operator) {
        String metrics = operator.metrics().orElseThrow(() -> new AssertionError(operator.name() + " serves no /metrics"));
        Matcher count = Pattern.compile("(?m)^flagger_canary_duration_seconds_count\\{[^}]*} (\\S+)$").matcher(metrics);
        long total = 0;
        while (count.find()) {
            total += (long) Double.parseDouble(count.group(1));
        }
        return total;
    }
}
