package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL of the operator process at a tick of the analysis chosen by the seed, then a restart:
 * all state is in the Canary's status, so the run ends as an uninterrupted one does — promoted, the
 * route stepping 10 → 50 with no step skipped, repeated or undone. The kill lands either right after
 * the tick's route write (the status still names the previous weight: the most delicate moment) or
 * right after its status write.
 */
@ExtendWith(Cluster.Extension.class)
class CrashConsistencyE2eTest {

    @ParameterizedTest(name = "3 crash consistency: SIGKILL at a random tick and restart, seed {0}")
    @ValueSource(longs = {11, 23, 47})
    void killedAtARandomTickTheRunEndsAsAnUninterruptedOne(long seed, Cluster cluster) {
        String name = "3-crash-seed-" + seed;
        Random random = new Random(seed);
        int killAtWeight = 10 * (1 + random.nextInt(5));
        boolean afterRouteWrite = random.nextBoolean();
        GatewayApiRun.prepare(cluster, name);
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            OperatorProcess first = cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            String split = "web-primary=" + (100 - killAtWeight) + ",web-canary=" + killAtWeight;
            if (afterRouteWrite) {
                Awaitility.await("route at " + split).atMost(GatewayApiRun.RUN).pollInterval(Duration.ofMillis(20))
                        .until(() -> cluster.gateway.weights(cluster.namespace()).contains(split));
            } else {
                history.awaitWeight(killAtWeight, GatewayApiRun.RUN);
            }
            first.kill();
            CanaryHistory.State atKill = history.last();
            cluster.startOperator(name, "operator-2", Map.of());
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            List<Long> weights = history.weights();
            assertThat(weights).as("status weights, killed at %s (%s)", atKill, afterRouteWrite ? "after the route write" : "after the status write")
                    .isSubsetOf(0L, 10L, 20L, 30L, 40L, 50L).startsWith(0L, 10L).endsWith(50L, 0L);
            assertThat(weights.subList(0, weights.lastIndexOf(50L) + 1)).as("no weight undone before the promotion").isSorted();
            if (!afterRouteWrite) {
                assertThat(weights).as("killed between two ticks: every step stored").containsExactly(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            }
        }
        // The route is what moves traffic: every step once, in order, none skipped, repeated or undone. A kill
        // between a tick's route write and its status write loses that status write (and maybe its event): the
        // restarted operator steps from the status, so it re-applies that split (the same split again, announced
        // as "Re-applied canary weight", not as a second "Advance") and carries on from there.
        assertThat(cluster.gateway.weights(cluster.namespace())).as("the HTTPRoute's splits as stored, killed at weight %d", killAtWeight)
                .containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
        assertThat(cluster.canaryEvents()).as("no weight step announced twice")
                .filteredOn(e -> e.contains("Advance " + cluster.dotted("web") + " canary weight"))
                .allSatisfy(e -> assertThat(e).endsWith("(x1)"))
                .hasSizeBetween(afterRouteWrite ? 4 : 5, 5);
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
    }
}
