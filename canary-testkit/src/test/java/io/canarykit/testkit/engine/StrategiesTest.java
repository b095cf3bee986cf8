package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import io.canarykit.api.spi.Routes;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Weight schedules, A/B, blue/green, mirroring, promotion steps, restarts, skip and suspend. */
class StrategiesTest {

    static Stream<Arguments> weightRows() {
        return Stream.of(
                // Reference §2.5 rows under CanaryKit's clamping at maxWeight.
                Arguments.of(20, 50, List.of(), List.of(20, 40, 50)),
                Arguments.of(50, 100, List.of(), List.of(50, 100)),
                Arguments.of(null, null, List.of(1, 2, 10, 80), List.of(1, 2, 10, 80)),
                Arguments.of(null, null, List.of(1, 2, 10, 200), List.of(1, 2, 10, 100)),
                Arguments.of(10, 50, List.of(), List.of(10, 20, 30, 40, 50)),
                Arguments.of(30, null, List.of(), List.of(30, 60, 90, 100)),
                Arguments.of(100, null, List.of(), List.of(100)),
                Arguments.of(30, 50, List.of(), List.of(30, 50)));
    }

    @ParameterizedTest(name = "stepWeight {0}, maxWeight {1}, stepWeights {2} → {3}")
    @MethodSource("weightRows")
    void canaryWeightsFollowTheScheduleThenPromote(Integer stepWeight, Integer maxWeight, List<Integer> stepWeights,
            List<Integer> expected) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "30s";
        a.stepWeight = stepWeight;
        a.maxWeight = maxWeight;
        a.stepWeights.addAll(stepWeights);
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        assertThat(h.runToEnd(30)).endsWith(PROMOTING, FINALISING, SUCCEEDED);
        assertThat(h.router.canaryWeights()).isEqualTo(Stream.concat(expected.stream(), Stream.of(0)).toList());
    }

    @Test
    void stepWeightPromotionMovesTrafficBackInSteps() {
        // Flagger's TestScheduler_DeploymentAnalysisPhases: stepWeight 100, stepWeightPromotion 50, no metrics.
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 100;
        a.stepWeightPromotion = 50;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        assertThat(h.runToEnd(10)).containsExactly(PROGRESSING, PROGRESSING, PROMOTING, PROMOTING, FINALISING, SUCCEEDED);
        assertThat(h.results.stream().map(r -> r.status().canaryWeight()).toList()).containsExactly(0, 0, 100, 100, 50, 0, 0);
        assertThat(h.router.history()).containsExactly(Routes.canaryWeight(100), new Routes(50, 50, false), Routes.PRIMARY_ONLY);
        assertThat(h.events.messages()).contains("Advance web.prod primary weight 50", "Advance web.prod primary weight 100");
    }

    @Test
    void blueGreenRunsItsIterationsThenSwitchesThenPromotes() {
        // Flagger's TestScheduler_DeploymentBlueGreenAnalysisPhases (iterations 1).
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.iterations = 1;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        assertThat(h.runToEnd(10)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
        assertThat(h.router.history()).containsExactly(Routes.CANARY_ONLY, Routes.PRIMARY_ONLY);
        assertThat(h.events.messages()).contains("Advance web.prod canary iteration 1/1", "Routing all traffic to canary");
    }

    @Test
    void blueGreenWithMirroringCopiesTrafficDuringIterations() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.iterations = 2;
        a.mirror = true;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        assertThat(h.runToEnd(10)).last().isEqualTo(SUCCEEDED);
        assertThat(h.router.history()).containsExactly(new Routes(100, 0, true), Routes.CANARY_ONLY, Routes.PRIMARY_ONLY);
        assertThat(h.events.messages()).contains("Stop traffic mirroring and route all traffic to canary");
    }

    @Test
    void kubernetesProviderRunsBlueGreenWithTenIterationsAndNoRouteChanges() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 10;
        a.provider = "kubernetes";
        EngineHarness h = new EngineHarness(a.build(), io.canarykit.core.engine.CanaryEngine.builder()
                .trafficRouter("kubernetes", io.canarykit.api.spi.TrafficRouter.NOOP)).initializedWithNewRevision();

        List<CanaryPhase> phases = h.runToEnd(30);
        assertThat(phases).last().isEqualTo(SUCCEEDED);
        assertThat(h.events.messages()).contains("Advance web.prod canary iteration 10/10")
                .contains("Progressive traffic is not supported when using the kubernetes provider");
        assertThat(h.router.history()).isEmpty();
    }

    @Test
    void abTestingSendsMatchingTrafficToTheCanaryForEachIteration() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.iterations = 3;
        a.match.add(HttpMatchRequest.headers(Map.of("x-canary", StringMatch.exact("insider"))));
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        // Detection, 3 iterations (the first is the pre-rollout tick), the promotion tick, Promoting, Finalising.
        assertThat(h.runToEnd(10)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROMOTING, FINALISING,
                SUCCEEDED);
        assertThat(h.events.messages()).contains("Advance web.prod canary iteration 1/3", "Advance web.prod canary iteration 3/3");
        assertThat(h.router.history()).containsExactly(Routes.CANARY_ONLY, Routes.CANARY_ONLY, Routes.CANARY_ONLY,
                Routes.PRIMARY_ONLY);
    }

    @Test
    void mirroringPreStageCopiesTrafficBeforeShiftingIt() {
        // Flagger's TestScheduler_DeploymentMirroring: 100/0 mirrored, then 90/10 not mirrored.
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 10;
        a.maxWeight = 20;
        a.mirror = true;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.ticks(3);

        assertThat(h.router.history()).containsExactly(new Routes(100, 0, true), new Routes(90, 10, false));
        assertThat(h.events.messages()).contains("Advance web.prod canary weight 0", "Advance web.prod canary weight 10");
    }

    @Test
    void aNewRevisionMidAnalysisRestartsTheRun() {
        // Flagger's TestScheduler_DeploymentNewRevisionReset: 90/10, then a second update resets to 100/0.
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);
        h.ticks(2);
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(10));

        h.target.shipRevision("v3");
        h.tick();

        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.canary.status().canaryWeight()).isZero();
        assertThat(h.events.messages()).contains("New revision detected! Restarting analysis for web.prod");
        h.tick();
        assertThat(h.events.messages()).last().isEqualTo("Advance web.prod canary weight 10");
        assertThat(h.runToEnd(20)).last().isEqualTo(SUCCEEDED);
        assertThat(h.target.primaryTemplate()).isEqualTo("v3");
    }

    @Test
    void aChangedConfigIsANewRevisionToo() {
        EngineHarness h = new EngineHarness(Canaries.reference().build());
        h.tick();
        h.target.changeConfig("configmap/web-env", "0123456789abcdef");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.canary.status().trackedConfigs()).containsEntry("configmap/web-env", "0123456789abcdef");
    }

    @Test
    void skipAnalysisPromotesAtOnceAfterTheCanaryIsReady() {
        Canaries.Analysis a = Canaries.reference();
        a.skipAnalysis = true;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();

        assertThat(h.runToEnd(5)).containsExactly(PROGRESSING, SUCCEEDED);
        assertThat(h.target.promotions()).isEqualTo(1);
        assertThat(h.prometheus.queries()).isEmpty();
        assertThat(h.events.messages()).last().isEqualTo("Promotion completed! Canary analysis was skipped for web.prod");
    }

    @Test
    void aSuspendedCanaryDoesNothingButSayIt() {
        Canaries.Analysis a = Canaries.reference();
        a.suspend = true;
        EngineHarness h = new EngineHarness(a.build());
        var result = h.tick();

        assertThat(result.statusChanged()).isFalse();
        assertThat(h.target.initializations()).isZero();
        assertThat(h.events.messages()).containsExactly("skipping canary run as object is suspended");
    }

    @Test
    void aForeignRevisionHashIsRebaselinedNotTakenForANewRevision() {
        EngineHarness h = new EngineHarness(Canaries.reference().build());
        h.tick();
        // A status taken over from Go Flagger carries its FNV-based hashes.
        h.canary = h.canary.withStatus(h.canary.status().toBuilder().lastAppliedSpec("5b8fd8b4c7").lastPromotedSpec("5b8fd8b4c7")
                .phase(CanaryPhase.SUCCEEDED).build());

        var result = h.tick();

        assertThat(h.phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(result.statusChanged()).isTrue();
        assertThat(h.canary.status().lastAppliedSpec()).isEqualTo(io.canarykit.testkit.FakeTargetController.hash("v1"));
        assertThat(h.tick().statusChanged()).isFalse();
    }

    @Test
    void aCanaryTakenOverMidRunCarriesOnFromItsWeightInsteadOfRestarting() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 10;
        a.maxWeight = 30;
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.ticks(3);
        assertThat(h.router.canaryWeights()).containsExactly(10, 20);
        // Go Flagger ran the first steps: its hashes, the canary's weight, Progressing.
        h.canary = h.canary.withStatus(h.canary.status().toBuilder().lastAppliedSpec("76d4b8c9f").lastPromotedSpec("5b8fd8b4c7")
                .build());

        h.tick();

        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.router.canaryWeights()).containsExactly(10, 20, 30);
        assertThat(h.canary.status().lastAppliedSpec()).isEqualTo(io.canarykit.testkit.FakeTargetController.hash("v2"));
        assertThat(h.runToEnd(10)).last().isEqualTo(SUCCEEDED);
        assertThat(h.target.promotions()).isEqualTo(1);
    }
}
