package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The product's reference canary (interval 1m, threshold 3, stepWeight 10, maxWeight 50) end to end. */
class ReferenceCanaryTest {

    @Test
    void promotesThroughWeightsTenToFiftyWhenAllChecksPass() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.21);

        assertThat(h.runToEnd(20)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING,
                PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
        assertThat(h.router.canaryWeights()).containsExactly(10, 20, 30, 40, 50, 0);
        assertThat(h.events.messages()).containsExactly(
                "New revision detected! Scaling up web.prod",
                "Starting canary analysis for web.prod",
                "Advance web.prod canary weight 10",
                "Advance web.prod canary weight 20",
                "Advance web.prod canary weight 30",
                "Advance web.prod canary weight 40",
                "Advance web.prod canary weight 50",
                "Copying web.prod template spec to web-primary.prod",
                "Routing all traffic to primary",
                "Promotion completed! Scaling down web.prod");
        assertThat(h.target.primaryTemplate()).isEqualTo("v2");
        assertThat(h.target.canaryReplicas()).isZero();
        assertThat(h.canary.status().condition(CanaryCondition.PROMOTED)).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("Succeeded");
        });
        assertThat(h.canary.status().lastPromotedSpec()).isEqualTo(h.canary.status().lastAppliedSpec());
        // The load test ran on every analysis tick after the first (pre-rollout) one: weights 10..50 and the promotion tick.
        assertThat(h.webhooks.callsOf("load-test")).isEqualTo(5);
    }

    @Test
    void rollsBackInTheTickOfTheThirdConsecutiveFailure() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5, 20).values(Canaries.DURATION_QUERY, 0.21);

        assertThat(h.runToEnd(20)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, FAILED);
        TickResult last = h.results.get(h.results.size() - 1);
        assertThat(last.failedChecks()).singleElement().satisfies(c -> {
            assertThat(c.metric()).isEqualTo("error-rate");
            assertThat(c.value()).isEqualTo(20.0);
            assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
        });
        assertThat(last.appliedRoutes()).contains(Routes.PRIMARY_ONLY);
        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(h.canary.status().canaryWeight()).isZero();
        assertThat(h.target.canaryReplicas()).isZero();
        assertThat(h.target.promotions()).isZero();
        assertThat(h.events.warnings()).containsExactly(
                "Halt web.prod advancement error-rate 20 > 1",
                "Halt web.prod advancement error-rate 20 > 1",
                "Halt web.prod advancement error-rate 20 > 1",
                "Rolling back web.prod failed checks threshold reached 3",
                "Canary failed! Scaling down web.prod");
        assertThat(h.notifier.messages()).contains("Failed checks threshold reached 3");
        // Weight 10 (first step), 20 after the one passing check, then three failures at 20.
        assertThat(h.router.canaryWeights()).containsExactly(10, 20, 0);
    }

    @Test
    void recordsEveryCheckWithItsRenderedQueryValueAndRange() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.2105);
        h.ticks(3);

        TickResult checked = h.results.get(h.results.size() - 1);
        assertThat(checked.checks()).containsExactly(
                new CheckResult("request-duration", Canaries.DURATION_QUERY, 210.0, null, 500.0, Verdict.PASS, ""),
                new CheckResult("error-rate", Canaries.ERROR_RATE_QUERY, 0.5, null, 1.0, Verdict.PASS, ""));
        assertThat(checked.rescheduleAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(checked.webhooks()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("load-test");
            assertThat(w.status()).isEqualTo(200);
        });
    }

    @Test
    void idleTicksChangeNothing() {
        EngineHarness h = new EngineHarness(Canaries.reference().build());
        h.tick();
        TickResult idle = h.tick();

        assertThat(idle.statusChanged()).isFalse();
        assertThat(idle.events()).isEmpty();
        assertThat(idle.appliedRoutes()).isEmpty();
    }
}
