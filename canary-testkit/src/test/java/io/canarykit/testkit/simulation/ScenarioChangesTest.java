package io.canarykit.testkit.simulation;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.simulation.ReadinessAnswer.DEADLINE;
import static io.canarykit.testkit.simulation.ReadinessAnswer.READY;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The scenario's changes (revisions, configs, spec fields) and final readiness, on the reference canary. */
class ScenarioChangesTest {

    @Test
    void aRevisionShippedAfterAFailureStartsANewRun() throws IOException {
        // The first run fails on error-rate; the fix shipped at tick 8 is analysed and promoted.
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults()
                .metric("error-rate", 0.5, 20, 20, 20, 0.5).newRevisionAt(8));

        assertThat(timeline).hasPhases(PROGRESSING, FAILED, PROGRESSING, PROMOTING, FINALISING, SUCCEEDED).endsIn(SUCCEEDED);
        // Idle Failed ticks until the fix arrives; the run does not stop at the first Failed.
        assertThat(timeline.ticks().get(7).phase()).isEqualTo(FAILED);
        assertThat(timeline.ticks().get(7).target().canaryScaledUp()).isFalse();
        assertThat(timeline.ticks().get(8).target().canaryRevision()).isEqualTo("v3");
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).target().primaryRevision()).isEqualTo("v3");
    }

    @Test
    void revisionsAtSeveralTicksRestartTheAnalysisEachTime() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults().newRevisionAt(3, 5));

        assertThat(timeline).hasWeightSteps(10, 20, 0, 10, 0, 10, 20, 30, 40, 50, 0).endsIn(SUCCEEDED);
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).target().primaryRevision()).isEqualTo("v4");
    }

    @Test
    void aConfigChangeIsANewRevisionWithTheSamePodTemplate() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults().configChangeAt("configmap/web-settings", 2));

        assertThat(timeline).hasWeightSteps(10, 0, 10, 20, 30, 40, 50, 0).endsIn(SUCCEEDED);
        Tick last = timeline.ticks().get(timeline.ticks().size() - 1);
        assertThat(last.target().primaryRevision()).isEqualTo("v2");
        assertThat(last.target().primaryConfigs()).containsEntry("configmap/web-settings", "v2");
    }

    @Test
    void skipAnalysisTurnedOnMidRunPromotesAtOnce() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults().skipAnalysis(false, false, false, true));

        assertThat(timeline).hasWeightsPerTick(0, 10, 20, 0).endsIn(SUCCEEDED)
                .hasEventContaining("Promotion completed! Canary analysis was skipped");
    }

    @Test
    void aSuspendedCanaryHoldsItsWeightUntilResumed() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults().suspend(false, false, true, true, true, false));

        assertThat(timeline).hasWeightSteps(10, 20, 30, 40, 50, 0).endsIn(SUCCEEDED)
                .hasEventContaining("skipping canary run as object is suspended");
        assertThat(timeline.canaryWeights().subList(1, 5)).containsExactly(10, 10, 10, 10);
    }

    @Test
    void aCanaryPastItsDeadlineRollsBack() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults().canaryReady(READY, READY, READY, DEADLINE));

        assertThat(timeline).endsIn(FAILED).hasTickCount(4).hasEventContaining("exceeded its progress deadline");
        assertThat(timeline.ticks().get(3).target().canaryScaledUp()).isFalse();
    }

    @Test
    void aPrimaryPastItsDeadlineWhilePromotingKeepsTheCanary() throws IOException {
        Timeline timeline = SimulationTest.reference().run(Scenario.defaults()
                .primaryReady(READY, READY, READY, READY, READY, READY, READY, DEADLINE));

        assertThat(timeline).hasPhases(PROGRESSING, PROMOTING, FAILED).hasWeightsPerTick(0, 10, 20, 30, 40, 50, 50, 100);
        assertThat(timeline.ticks().get(7).target().canaryScaledUp()).isTrue();
    }

    @Test
    void theChangesReadFromAScenarioFile() throws IOException {
        Scenario scenario = Scenario.parse("""
                newRevisionAt: [3]
                configChanges:
                  secret/web-api-key: [5]
                primaryReady: [true]
                canaryReady: [true, false, true]
                suspend: [false]
                skipAnalysis: [false]
                """, "changes.yaml");

        Timeline timeline = SimulationTest.reference().run(scenario);

        assertThat(timeline).hasWeightSteps(10, 0, 10, 0, 10, 20, 30, 40, 50, 0).endsIn(SUCCEEDED);
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).target().primaryRunsCanary()).isTrue();
    }
}
