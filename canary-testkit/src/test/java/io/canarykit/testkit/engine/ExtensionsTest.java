package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.BaselineComparison;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CanaryKit's extensions through the real engine: baseline comparison, minimum samples, sequential tests. */
class ExtensionsTest {

    private static final String CANARY_ERRORS = "errors{target=\"web\"}";
    private static final String PRIMARY_ERRORS = "errors{target=\"web-primary\"}";

    private static EngineHarness harness(CanaryMetric metric) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 2;
        a.stepWeight = 10;
        a.maxWeight = 30;
        a.metrics.add(metric);
        return new EngineHarness(a.build()).initializedWithNewRevision();
    }

    private static CanaryMetric errorsAgainstPrimary(BaselineComparison baseline) {
        return new CanaryMetric("errors", null, null, null, "errors{target=\"{{ target }}\"}", null, Map.of(), baseline, null, null);
    }

    @Test
    void aCanaryWithinTheToleranceOfThePrimaryPassesAndOneBeyondItFails() {
        EngineHarness h = harness(errorsAgainstPrimary(new BaselineComparison(null, null, 0.2, null)));
        h.prometheus.values(CANARY_ERRORS, 2.0, 2.5).values(PRIMARY_ERRORS, 1.8);

        h.ticks(3);
        CheckResult within = last(h).checks().get(0);
        assertThat(within.verdict()).isEqualTo(Verdict.PASS);
        assertThat(within.evidence().baseline()).isEqualTo(1.8);

        h.tick();
        CheckResult beyond = last(h).checks().get(0);
        assertThat(beyond.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(beyond.message()).isEqualTo("Halt web.prod advancement errors 2.5 > 2.16 (primary 1.8)");
        assertThat(h.canary.status().failedChecks()).isEqualTo(1);
    }

    @Test
    void higherIsBetterComparesTheOtherWayAndAnAbsoluteToleranceCanBeLarger() {
        EngineHarness h = harness(errorsAgainstPrimary(
                new BaselineComparison(null, BaselineComparison.HIGHER_IS_BETTER, 0.01, 0.5)));
        // Success rates: primary 99.9; allowance max(0.5, 0.999) = 0.999 → the canary must stay ≥ 98.901.
        h.prometheus.values(CANARY_ERRORS, 99.0, 98.5).values(PRIMARY_ERRORS, 99.9);

        h.ticks(3);
        assertThat(last(h).checks().get(0).verdict()).isEqualTo(Verdict.PASS);
        h.tick();
        assertThat(last(h).checks().get(0).message()).isEqualTo("Halt web.prod advancement errors 98.5 < 98.901 (primary 99.9)");
    }

    @Test
    void anExplicitBaselineQueryIsUsedAsWritten() {
        EngineHarness h = harness(errorsAgainstPrimary(new BaselineComparison("fleet_errors", null, null, 1.0)));
        h.prometheus.values(CANARY_ERRORS, 2.0).values("fleet_errors", 1.5);

        h.ticks(3);

        assertThat(last(h).checks().get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(h.prometheus.queries()).extracting(q -> q.query()).contains("fleet_errors").doesNotContain(PRIMARY_ERRORS);
    }

    private static TickResult last(EngineHarness h) {
        return h.results.get(h.results.size() - 1);
    }

    @Test
    void tooFewSamplesHoldTheCanaryWithoutFailingOrPassing() {
        CanaryMetric metric = new CanaryMetric("errors", null, null, ThresholdRange.max(1), "errors{target=\"{{ target }}\"}", null,
                Map.of(), null, new SampleRequirement("requests{target=\"{{ target }}\"}", 100L, 5), null);
        EngineHarness h = harness(metric);
        h.prometheus.values(CANARY_ERRORS, 0.5).values("requests{target=\"web\"}", 40, 80, 400);

        assertThat(h.ticks(5)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING);

        // The pre-rollout tick set 10; two insufficient checks held it; the third check passed and advanced.
        assertThat(h.router.canaryWeights()).containsExactly(10, 20);
        TickResult held = h.results.get(3);
        assertThat(held.checks()).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
            assertThat(c.evidence().samples()).isEqualTo(40L);
        });
        assertThat(h.events.warnings()).containsExactly("Halt advancement insufficient data for errors: 40 samples < 100 required",
                "Halt advancement insufficient data for errors: 80 samples < 100 required");
        assertThat(h.canary.status().failedChecks()).isZero();
        assertThat(h.canary.status().insufficientChecks()).isEmpty();
    }

    @Test
    void silenceCanNeverPromoteAfterTheLimitOfInsufficientChecksItFails() {
        CanaryMetric metric = new CanaryMetric("errors", null, null, ThresholdRange.max(1), "errors{target=\"{{ target }}\"}", null,
                Map.of(), null, new SampleRequirement("requests{target=\"{{ target }}\"}", 100L, 3), null);
        EngineHarness h = harness(metric);
        h.prometheus.values(CANARY_ERRORS, 0.5).values("requests{target=\"web\"}", 0);

        h.ticks(4);
        assertThat(h.canary.status().insufficientChecks()).containsEntry("errors", 2);
        assertThat(h.canary.status().failedChecks()).isZero();

        h.tick();
        assertThat(h.canary.status().failedChecks()).isEqualTo(1);
        assertThat(h.events.warnings()).last().asString()
                .isEqualTo("Halt web.prod advancement errors had insufficient data for 3 checks in a row: "
                        + "Halt advancement insufficient data for errors: 0 samples < 100 required");
        assertThat(h.runToEnd(10)).last().isEqualTo(FAILED);
        assertThat(h.router.canaryWeights()).containsExactly(10, 0);
    }

    private static CanaryMetric sequential(boolean promoteEarly) {
        return CanaryMetric.sequential("error-sprt", new SequentialTest("requests{target=\"{{ target }}\"}",
                "errors_total{target=\"{{ target }}\"}", null, null, 1.0, 5.0, 0.01, 0.95, "5s", promoteEarly));
    }

    @Test
    void aSequentialTestRollsBackBetweenAnalysesAsSoonAsTheEvidenceCrossesItsBound() {
        EngineHarness h = harness(sequential(false));
        h.prometheus.values("requests{target=\"web\"}", 50).values("errors_total{target=\"web\"}", 10);

        h.ticks(2); // new revision, then the pre-rollout tick sends 10% to the canary
        assertThat(last(h).rescheduleAfter()).isEqualTo(Duration.ofSeconds(5));
        var started = h.clock.instant();
        TickResult inner = h.tick();

        assertThat(h.phase()).isEqualTo(FAILED);
        assertThat(Duration.between(started, h.clock.instant().minus(inner.rescheduleAfter()))).isZero();
        CheckResult rejection = inner.checks().get(0);
        assertThat(rejection.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(rejection.evidence().samples()).isEqualTo(50L);
        assertThat(rejection.evidence().errors()).isEqualTo(10L);
        // 10 ln 5 + 40 ln(0.95/0.99) = 14.445 ≥ ln(0.95/0.01) = 4.554.
        assertThat(rejection.evidence().statistic()).isCloseTo(10 * Math.log(5) + 40 * Math.log(0.95 / 0.99),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rejection.evidence().upperBound()).isCloseTo(Math.log(95), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(h.events.warnings()).contains(
                "Halt web.prod advancement error-sprt sequential test: 10 errors in 50 requests (20%), log-likelihood ratio 14.445 ≥ "
                        + "4.554 (error rate 5% rather than 1%, α 0.01)",
                "Rolling back web.prod sequential test error-sprt rejected the canary", "Canary failed! Scaling down web.prod");
        assertThat(h.router.current().canaryWeight()).isZero();
    }

    @Test
    void aHealthyCanaryIsWatchedAtTheCadenceAndAdvancesAtEachAnalysisOnceTheTestAccepts() {
        EngineHarness h = harness(sequential(false));
        // Cumulative counts grow by 50 requests per 5 s; no errors.
        h.prometheus.values("requests{target=\"web\"}", 50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600)
                .values("errors_total{target=\"web\"}", 0);

        h.ticks(2);
        List<TickResult> inner = new java.util.ArrayList<>();
        for (int i = 0; i < 11; i++) {
            inner.add(h.tick());
        }
        // Eleven inner ticks 5 s apart watched the test; none moved traffic.
        assertThat(inner).extracting(r -> r.appliedRoutes().isPresent()).containsOnly(false);
        assertThat(inner).extracting(TickResult::rescheduleAfter).containsOnly(Duration.ofSeconds(5));
        assertThat(h.router.canaryWeights()).containsExactly(10);

        h.tick(); // one interval after the pre-rollout tick: the full analysis, which has accepted H0 by now
        assertThat(h.router.canaryWeights()).containsExactly(10, 20);
        assertThat(h.results.get(h.results.size() - 1).checks()).singleElement()
                .satisfies(c -> assertThat(c.verdict()).isEqualTo(Verdict.PASS));
    }

    @Test
    void aHighAcceptableRateWithoutAFailingRateTestsAgainstARateBelowOneHundredPercent() {
        // Five times 30% would be 150%: the default failing rate is capped below 100%, so the test still decides.
        EngineHarness h = harness(CanaryMetric.sequential("error-sprt", new SequentialTest("requests{target=\"{{ target }}\"}",
                "errors_total{target=\"{{ target }}\"}", null, null, 30.0, null, 0.01, 0.95, "5s", false)));
        h.prometheus.values("requests{target=\"web\"}", 100).values("errors_total{target=\"web\"}", 5);

        h.ticks(2);
        TickResult inner = h.tick();

        assertThat(inner.checks()).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(Verdict.PASS);
            assertThat(c.evidence().upperBound()).isCloseTo(Math.log(95), org.assertj.core.api.Assertions.within(1e-9));
        });
        assertThat(h.phase()).isEqualTo(PROGRESSING);
    }

    @Test
    void promoteEarlyPromotesOnTheFirstAcceptingAnalysis() {
        EngineHarness h = harness(sequential(true));
        h.prometheus.values("requests{target=\"web\"}", 600).values("errors_total{target=\"web\"}", 1);

        h.ticks(2);
        h.clock.add(Duration.ofSeconds(55));
        h.tick();

        assertThat(h.phase()).isEqualTo(PROMOTING);
        assertThat(h.router.canaryWeights()).containsExactly(10);
    }
}
