package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.INITIALIZING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.Verdict;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Readiness waits, deadlines, failed promotions, backend failures and every way a metric check can fail. */
class FailureModesTest {

    @Test
    void aRetriableNotReadyCanaryHoldsTheTickWithoutCountingAFailure() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.target.canaryReadiness(Readiness.notReady("canary deployment web.prod not ready: waiting for rollout to finish: "
                + "0 of 1 (readyThreshold 100%) updated replicas are available", true), Readiness.READY);
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);

        assertThat(h.ticks(3)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING);
        assertThat(h.canary.status().failedChecks()).isZero();
        assertThat(h.router.canaryWeights()).containsExactly(10);
        assertThat(h.events.warnings()).singleElement().asString().startsWith("canary deployment web.prod not ready");
    }

    @Test
    void aCanaryPastItsProgressDeadlineIsRolledBack() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);
        h.ticks(3);
        h.target.canaryReadiness(Readiness.notReady("canary deployment web.prod not ready: deployment \"web\" exceeded its "
                + "progress deadline", false));

        h.tick();

        assertThat(h.phase()).isEqualTo(FAILED);
        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(h.target.canaryReplicas()).isZero();
        assertThat(h.events.warnings()).contains("Canary failed! Scaling down web.prod");
    }

    @Test
    void aPrimaryThatCannotBecomeReadyAfterPromotionFailsThePromotionAndKeepsTheCanaryServing() {
        // Flagger's TestScheduler_DeploymentPromotionPrimaryNotReady (reference §2.9).
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 50;
        a.maxWeight = 50;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        assertThat(h.ticks(3)).containsExactly(PROGRESSING, PROGRESSING, PROMOTING);
        h.target.primaryReadiness(Readiness.notReady("web-primary.prod not ready: deployment \"web-primary\" exceeded its "
                + "progress deadline", false));

        h.tick();

        assertThat(h.phase()).isEqualTo(FAILED);
        assertThat(h.router.current()).isEqualTo(Routes.CANARY_ONLY);
        assertThat(h.canary.status().canaryWeight()).isEqualTo(100);
        assertThat(h.target.canaryReplicas()).isEqualTo(1);
        assertThat(h.events.warnings()).contains("Promotion of web.prod failed, primary not ready: web-primary.prod not ready: "
                + "deployment \"web-primary\" exceeded its progress deadline");
        assertThat(h.notifier.messages()).anyMatch(m -> m.startsWith("Promotion failed, primary not ready: "));
    }

    @Test
    void aPrimaryNotReadyDuringInitializationKeepsInitializing() {
        EngineHarness h = new EngineHarness(Canaries.reference().build());
        h.target.primaryReadiness(Readiness.notReady("web-primary.prod not ready: waiting for rollout to finish", true),
                Readiness.READY);

        h.tick();
        assertThat(h.phase()).isEqualTo(INITIALIZING);
        h.tick();
        assertThat(h.phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(h.target.canaryReplicas()).isZero();
    }

    @Test
    void aRouterThatIsNotReadyHoldsTheTickWithoutCountingAFailure() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);
        h.ticks(2);
        h.router.notReady("HTTPRoute web.prod parent gateway is not ready");

        var held = h.tick();

        assertThat(held.appliedRoutes()).isEmpty();
        assertThat(h.canary.status().failedChecks()).isZero();
        assertThat(h.events.warnings()).containsExactly("HTTPRoute web.prod parent gateway is not ready");
        h.router.ready();
        h.tick();
        assertThat(h.router.canaryWeights()).containsExactly(10, 20);
    }

    @Test
    void aBackendFailureBecomesAWarningAndNeverEscapesTheTick() {
        Canary canary = Canaries.reference().build();
        io.canarykit.testkit.FakeTargetController real = new io.canarykit.testkit.FakeTargetController();
        var failing = io.canarykit.core.engine.CanaryEngine.builder()
                .targetController(new io.canarykit.api.spi.TargetController() {
                    @Override
                    public void initialize(Canary c) {
                        throw new BackendException("k8s", "deployments.apps \"web\" not found", false);
                    }

                    @Override
                    public Readiness isPrimaryReady(Canary c) {
                        return real.isPrimaryReady(c);
                    }

                    @Override
                    public Readiness isCanaryReady(Canary c) {
                        return real.isCanaryReady(c);
                    }

                    @Override
                    public io.canarykit.api.spi.TargetRevision revision(Canary c) {
                        return real.revision(c);
                    }

                    @Override
                    public void promote(Canary c) {
                    }

                    @Override
                    public void scaleToZero(Canary c) {
                    }

                    @Override
                    public void scaleFromZero(Canary c) {
                    }

                    @Override
                    public void revert(Canary c) {
                    }
                }).build();

        var result = failing.tick(canary);

        assertThat(result.events()).extracting(e -> e.message()).last().isEqualTo("deployments.apps \"web\" not found");
        assertThat(result.status().phase()).isEqualTo(INITIALIZING);
    }

    @Test
    void anUnreachableMetricBackendIsReportedWhileInitializing() {
        EngineHarness h = new EngineHarness(Canaries.reference().build());
        h.prometheus.offline("http://prometheus.monitoring:9090", "connection refused");

        h.tick();

        assertThat(h.events.warnings()).containsExactly(
                "Error checking metric providers: prometheus at http://prometheus.monitoring:9090 is offline: connection refused");
        assertThat(h.phase()).isEqualTo(CanaryPhase.INITIALIZED);
    }

    static Stream<Arguments> failedChecks() {
        CanaryMetric template = CanaryMetric.template("error-rate", "error-rate", ThresholdRange.max(1));
        CanaryMetric inline = new CanaryMetric("errors", null, null, ThresholdRange.max(1), "errors{app=\"{{ target }}\"}", null,
                Map.of());
        CanaryMetric duration = new CanaryMetric("request-duration", null, null, ThresholdRange.max(500), null, null, Map.of());
        CanaryMetric successRate = new CanaryMetric("request-success-rate", null, null, ThresholdRange.min(99), null, null, Map.of());
        CanaryMetric renderError = new CanaryMetric("errors", null, null, ThresholdRange.max(1),
                "errors{app=\"{{ variables.app }}\"}", null, Map.of());
        CanaryMetric missingTemplate = new CanaryMetric("latency", null, null, ThresholdRange.max(1), null,
                CrossNamespaceObjectReference.of("latency", null), Map.of());
        return Stream.of(
                Arguments.of("template out of range", template, MetricResult.value(1.5), Verdict.FAIL,
                        "Halt web.prod advancement error-rate 1.5 > 1"),
                Arguments.of("template no data", template, MetricResult.noData("no values found"), Verdict.NO_DATA,
                        "Halt advancement no values found for custom metric: error-rate: no values found"),
                Arguments.of("template provider error", template, MetricResult.failure("error response: 503", true), Verdict.ERROR,
                        "Metric query failed for error-rate: error response: 503"),
                Arguments.of("inline no data (NaN)", inline, MetricResult.noData("NaN"), Verdict.NO_DATA,
                        "Halt advancement no values found for metric: errors"),
                Arguments.of("inline error", inline, MetricResult.failure("bad_data: parse error", false), Verdict.ERROR,
                        "Metric query failed for errors: bad_data: parse error"),
                Arguments.of("duration above max", duration, MetricResult.value(1.515), Verdict.FAIL,
                        "Halt web.prod advancement request duration 1.515s > 500ms"),
                Arguments.of("duration no data", duration, MetricResult.noData("no values found"), Verdict.NO_DATA,
                        "Halt advancement no values found for test metric request-duration probably web.prod is not receiving "
                                + "traffic: no values found"),
                Arguments.of("success rate below min", successRate, MetricResult.value(97.5), Verdict.FAIL,
                        "Halt web.prod advancement success rate 97.50% < 99.00%"),
                Arguments.of("builtin provider error", successRate, MetricResult.failure("timeout", true), Verdict.ERROR,
                        "Prometheus query failed: timeout"),
                Arguments.of("render error", renderError, MetricResult.value(0), Verdict.ERROR,
                        "Metric query failed for errors: query render error: executing at <variables.app>: map has no entry "
                                + "for key \"app\""),
                Arguments.of("missing template", missingTemplate, MetricResult.value(0), Verdict.ERROR,
                        "Metric template latency.prod error: metrictemplate.flagger.app \"latency\" not found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedChecks")
    void eachWayAMetricCheckFailsCountsWithFlaggersMessage(String name, CanaryMetric metric, MetricResult answer,
            Verdict verdict, String message) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 2;
        a.stepWeight = 10;
        a.metrics.add(metric);
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.on(q -> true, answer);
        h.ticks(3);

        var last = h.results.get(h.results.size() - 1);
        assertThat(last.failedChecks()).singleElement().satisfies(c -> {
            assertThat(c.verdict()).isEqualTo(verdict);
            assertThat(c.message()).isEqualTo(message);
        });
        assertThat(h.canary.status().failedChecks()).isEqualTo(1);
        assertThat(h.events.warnings()).containsExactly(message);
        h.tick();
        assertThat(h.phase()).isEqualTo(FAILED);
    }

    @Test
    void analysisStopsAtTheFirstFailingMetric() {
        Canaries.Analysis a = Canaries.reference();
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.DURATION_QUERY, 0.9).values(Canaries.ERROR_RATE_QUERY, 0.1);
        h.ticks(3);

        assertThat(h.prometheus.queries()).extracting(q -> q.query()).containsExactly(Canaries.DURATION_QUERY);
    }

    @Test
    void promotionWaitsForThePrimaryRollout() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 50;
        a.maxWeight = 50;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.ticks(3);
        h.target.primaryReadiness(Readiness.notReady("web-primary.prod not ready: waiting for rollout to finish: 1 old replicas "
                + "are pending termination", true), Readiness.READY);

        assertThat(h.ticks(3)).containsExactly(PROMOTING, FINALISING, CanaryPhase.SUCCEEDED);
    }
}
