/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/controller/scheduler_deployment_test.go at
 * commit 15bd6ad555e6c935da55f0ab95977be74c149bd6. Copyright 2020 The Flux authors. Licensed under the
 * Apache License, Version 2.0: you may not use this file except in compliance with the License. You may
 * obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable
 * law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. Modified: each Go test is
 * rewritten as a CanaryKit simulation; quoted comments say what the Flagger test asserts.
 */
package io.canarykit.testkit.flagger;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.flagger.FlaggerFixtures.DETECTED;
import static io.canarykit.testkit.flagger.FlaggerFixtures.FINALISING_TICK;
import static io.canarykit.testkit.flagger.FlaggerFixtures.FIRST_ANALYSIS;
import static io.canarykit.testkit.flagger.FlaggerFixtures.PROMOTING_TICK;
import static io.canarykit.testkit.flagger.FlaggerFixtures.SUCCEEDED_TICK;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canary;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canaryWithFailMetric;
import static io.canarykit.testkit.flagger.FlaggerFixtures.prometheusAnswers100;
import static io.canarykit.testkit.flagger.FlaggerFixtures.readyUntil;
import static io.canarykit.testkit.flagger.FlaggerFixtures.simulation;
import static io.canarykit.testkit.simulation.ReadinessAnswer.DEADLINE;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Flagger's {@code scheduler_deployment_test.go}, one test per Go test, as simulations. */
class FlaggerSchedulerDeploymentTest {

    static final String KIND = "Deployment";

    @Test
    @DisplayName("TestScheduler_DeploymentInit")
    void deploymentInit() {
        // Flagger: after the first advanceCanary the Deployment podinfo-primary exists.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100());

        // The primary was created from what the target ran at initialization (v1); the canary runs v2.
        Tick detected = timeline.ticks().get(DETECTED);
        assertThat(detected.target().primaryRevision()).isEqualTo("v1");
        assertThat(detected.target().canaryRevision()).isEqualTo("v2");
    }

    @Test
    @DisplayName("TestScheduler_DeploymentNewRevision")
    void deploymentNewRevision() {
        // Flagger: after initialization the target is scaled to zero (replicas 0); once the update is
        // detected it is scaled up again (replicas 1). The simulation initializes before tick 0, so the
        // scale-down is observed after the first release finished, and the scale-up at the next revision.
        int next = SUCCEEDED_TICK + 2;
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().newRevisionAt(next));

        assertThat(timeline.ticks().get(DETECTED).phase()).isEqualTo(PROGRESSING);
        assertThat(timeline.ticks().get(DETECTED).target().canaryScaledUp()).isTrue();
        assertThat(timeline.ticks().get(SUCCEEDED_TICK).target().canaryScaledUp()).isFalse();
        assertThat(timeline.ticks().get(next - 1).phase()).isEqualTo(SUCCEEDED);
        assertThat(timeline.ticks().get(next).phase()).isEqualTo(PROGRESSING);
        assertThat(timeline.ticks().get(next).target().canaryScaledUp()).isTrue();
        assertThat(timeline.ticks().get(next).target().canaryRevision()).isEqualTo("v3");
        assertThat(timeline).endsIn(SUCCEEDED);
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).target().primaryRevision()).isEqualTo("v3");
    }

    @Test
    @DisplayName("TestScheduler_DeploymentRollback — differs: rollback in the tick that reaches the threshold")
    void deploymentRollback() {
        // Flagger: with failedChecks at the threshold (10) while Progressing and a failing metric, the
        // canary ends Failed. Flagger writes failedChecks: 10 into the status; the simulation fails the
        // metric "fail" (the test Prometheus answers 100, its range is 0..50) ten times instead.
        Timeline timeline = simulation(canaryWithFailMetric(KIND, "")).run(prometheusAnswers100().metric("fail", 100));

        // Ticks 2..11 fail; the 10th failure (tick 11) rolls back in that tick. Flagger's threshold
        // check runs at the start of the next tick, so Flagger rolls back at tick 12, one interval later.
        int tenthFailure = FIRST_ANALYSIS + 10;
        assertThat(timeline).endsIn(FAILED).hasFailedChecks("fail", 10).hasTickCount(tenthFailure + 1)
                .hasEventContaining("Rolling back podinfo.default failed checks threshold reached 10")
                .hasEventContaining("Canary failed! Scaling down podinfo.default");
        Tick rolledBack = timeline.ticks().get(tenthFailure);
        assertThat(rolledBack.canaryWeight()).isZero();
        assertThat(rolledBack.primaryWeight()).isEqualTo(100);
        assertThat(rolledBack.target().canaryScaledUp()).isFalse();
        assertThat(rolledBack.target().primaryRevision()).isEqualTo("v1");
    }

    @Test
    @DisplayName("TestScheduler_DeploymentRollback with thresholdMode: cumulative — the same tick (10 failures in a row)")
    void deploymentRollbackCumulative() {
        Timeline timeline = simulation(canaryWithFailMetric(KIND, "    thresholdMode: cumulative\n"))
                .run(prometheusAnswers100().metric("fail", 100));

        assertThat(timeline).endsIn(FAILED).hasFailedChecks("fail", 10).hasTickCount(FIRST_ANALYSIS + 10 + 1);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentRollback, failures between passes — differs: threshold counts consecutive failures; "
            + "cumulative counts as Flagger")
    void deploymentRollbackInterleaved() {
        // Not a Flagger test: the rollback canary with threshold 3 and "fail" failing every other check.
        // Flagger adds failures up over the run (code reading, flagger-behaviour §2.4): the third failure
        // (tick 6) reaches the threshold and Flagger rolls back at the start of tick 7.
        double[] failEveryOther = {100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 100, 0, 0};

        Timeline consecutive = simulation(canaryWithFailMetric(KIND, "").replace("threshold: 10", "threshold: 3"))
                .run(prometheusAnswers100().metric("fail", failEveryOther));
        Timeline cumulative = simulation(canaryWithFailMetric(KIND, "    thresholdMode: cumulative\n")
                .replace("threshold: 10", "threshold: 3")).run(prometheusAnswers100().metric("fail", failEveryOther));

        // Consecutive (CanaryKit's default): no three failures in a row, so the canary is promoted.
        assertThat(consecutive).endsIn(SUCCEEDED).hasFailedChecks("fail", 5);
        // Cumulative: the third failure, at tick 6, rolls back in that tick (Flagger: at tick 7).
        assertThat(cumulative).endsIn(FAILED).hasFailedChecks("fail", 3).hasTickCount(7);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentPromotionPrimaryNotReady")
    void deploymentPromotionPrimaryNotReady() {
        // Flagger (#1898): the promoted primary fails to roll out (progress deadline exceeded) while
        // Promoting with routes 50/50: the canary must NOT be scaled to zero, all traffic goes to the
        // healthy canary (primary 0, canary 100), the phase is Failed and status.canaryWeight is 100.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100()
                .primaryReady(readyUntil(PROMOTING_TICK + 1, DEADLINE)));

        Tick promoting = timeline.ticks().get(PROMOTING_TICK);
        assertThat(promoting.phase()).isEqualTo(PROMOTING);
        assertThat(promoting.canaryWeight()).isEqualTo(50);
        assertThat(promoting.primaryWeight()).isEqualTo(50);
        assertThat(timeline).endsIn(FAILED).hasTickCount(PROMOTING_TICK + 2)
                .hasEventContaining("exceeded its progress deadline");
        Tick failed = timeline.ticks().get(PROMOTING_TICK + 1);
        assertThat(failed.target().canaryScaledUp()).as("canary must not be scaled to zero when promotion fails").isTrue();
        assertThat(failed.primaryWeight()).as("no traffic must remain on the unhealthy primary").isZero();
        assertThat(failed.canaryWeight()).as("all traffic must be routed to the healthy canary").isEqualTo(100);
        assertThat(timeline.canary().status().canaryWeight()).isEqualTo(100);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentPromotionFailedAfterTrafficShift")
    void deploymentPromotionFailedAfterTrafficShift() {
        // Flagger (#1898): Finalising with all traffic on the primary (100/0), then the primary stops
        // being ready (progress deadline): traffic goes back to the canary (0/100), the canary is not
        // scaled to zero, the phase is Failed and status.canaryWeight is 100.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100()
                .primaryReady(readyUntil(FINALISING_TICK + 1, DEADLINE)));

        Tick finalising = timeline.ticks().get(FINALISING_TICK);
        assertThat(finalising.phase()).isEqualTo(FINALISING);
        assertThat(finalising.primaryWeight()).isEqualTo(100);
        assertThat(timeline).endsIn(FAILED).hasTickCount(FINALISING_TICK + 2);
        Tick failed = timeline.ticks().get(FINALISING_TICK + 1);
        assertThat(failed.primaryWeight()).isZero();
        assertThat(failed.canaryWeight()).isEqualTo(100);
        assertThat(failed.target().canaryScaledUp()).isTrue();
        assertThat(timeline.canary().status().canaryWeight()).isEqualTo(100);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentSkipAnalysis")
    void deploymentSkipAnalysis() {
        // Flagger: with spec.skipAnalysis set before the update, the tick after detection ends Succeeded
        // and spec.skipAnalysis stays true.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().skipAnalysis(true));

        assertThat(timeline).hasPhasesPerTick(PROGRESSING, SUCCEEDED).hasNoFailedChecks();
        assertThat(timeline.ticks().stream().allMatch(t -> t.checks().isEmpty())).isTrue();
        assertThat(timeline.canary().spec().skipAnalysis()).isTrue();
        assertThat(timeline.ticks().get(1).target().primaryRunsCanary()).isTrue();
    }

    @Test
    @DisplayName("TestScheduler_DeploymentAnalysisPhases")
    void deploymentAnalysisPhases() {
        // Flagger (analysis {interval: 1m, stepWeight: 100, stepWeightPromotion: 50}): Progressing/0,
        // Progressing/100, Promoting/100, Promoting/50, Finalising/0, Succeeded/0 (phase/canaryWeight).
        String yaml = canary(KIND).replaceFirst("(?s)  analysis:.*", """
                  analysis:
                    interval: 1m
                    stepWeight: 100
                    stepWeightPromotion: 50
                """);
        Timeline timeline = simulation(yaml).run();

        assertThat(timeline).hasPhasesPerTick(PROGRESSING, PROGRESSING, PROMOTING, PROMOTING, FINALISING, SUCCEEDED)
                .hasWeightsPerTick(0, 100, 100, 50, 0, 0);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentBlueGreenAnalysisPhases")
    void deploymentBlueGreenAnalysisPhases() {
        // Flagger (analysis {interval: 1m, iterations: 1}): Progressing (detect), Progressing (advance),
        // Progressing (route traffic), Promoting, Finalising, Succeeded.
        String yaml = canary(KIND).replaceFirst("(?s)  analysis:.*", """
                  analysis:
                    interval: 1m
                    iterations: 1
                """);
        Timeline timeline = simulation(yaml).run();

        assertThat(timeline).hasPhasesPerTick(PROGRESSING, PROGRESSING, PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentNewRevisionReset")
    void deploymentNewRevisionReset() {
        // Flagger: after the first analysis the routes are primary 90 / canary 10, not mirrored; a second
        // update of the Deployment resets them to 100 / 0 on the next tick.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().newRevisionAt(FIRST_ANALYSIS + 1));

        Tick first = timeline.ticks().get(FIRST_ANALYSIS);
        assertThat(first.primaryWeight()).isEqualTo(90);
        assertThat(first.canaryWeight()).isEqualTo(10);
        assertThat(first.mirrored()).isFalse();
        Tick reset = timeline.ticks().get(FIRST_ANALYSIS + 1);
        assertThat(reset.phase()).isEqualTo(PROGRESSING);
        assertThat(reset.primaryWeight()).isEqualTo(100);
        assertThat(reset.canaryWeight()).isZero();
        assertThat(reset.mirrored()).isFalse();
        assertThat(reset.target().canaryRevision()).isEqualTo("v3");
        // Beyond the Flagger test: the restarted analysis runs in full and promotes the newest revision.
        assertThat(timeline).hasEventContaining("New revision detected! Restarting analysis for podinfo.default")
                .hasWeightSteps(10, 0, 10, 20, 30, 40, 50, 0).endsIn(SUCCEEDED);
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).target().primaryRevision()).isEqualTo("v3");
    }

    @Test
    @DisplayName("TestScheduler_DeploymentPromotion")
    void deploymentPromotion() {
        // Flagger: the ConfigMap podinfo-config-env and the Secret podinfo-secret-env change after the
        // new revision was detected; the analysis goes on (Progressing), then Promoting; after
        // "finalise" the routes are 100/0, not mirrored, the primary runs the canary's image and the
        // -primary copies of the ConfigMap and Secret hold the new data; the phase is Finalising, then
        // Succeeded. Flagger's test then writes routes 60/40 by hand; the simulation gets there by running.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100()
                .configChangeAt("configmap/podinfo-config-env", FIRST_ANALYSIS)
                .configChangeAt("secret/podinfo-secret-env", FIRST_ANALYSIS));

        // The config change restarts the analysis, as a new pod template would.
        Tick restarted = timeline.ticks().get(FIRST_ANALYSIS);
        assertThat(restarted.phase()).isEqualTo(PROGRESSING);
        assertThat(restarted.canaryWeight()).isZero();
        assertThat(timeline).hasEventContaining("New revision detected! Restarting analysis for podinfo.default")
                .hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED).hasWeightSteps(10, 20, 30, 40, 50, 0);
        Tick finalising = timeline.ticks().stream().filter(t -> t.phase() == FINALISING).findFirst().orElseThrow();
        assertThat(finalising.primaryWeight()).isEqualTo(100);
        assertThat(finalising.canaryWeight()).isZero();
        assertThat(finalising.mirrored()).isFalse();
        assertThat(finalising.target().primaryRevision()).isEqualTo("v2");
        assertThat(finalising.target().primaryConfigs())
                .containsEntry("configmap/podinfo-config-env", "v2").containsEntry("secret/podinfo-secret-env", "v2");
        assertThat(finalising.target().primaryRunsCanary()).isTrue();
        assertThat(timeline).endsIn(SUCCEEDED);
    }

    @Test
    @DisplayName("TestScheduler_DeploymentMirroring")
    void deploymentMirroring() {
        // Flagger (mirror: true): the first advance mirrors traffic to the canary (primary 100, canary 0,
        // mirrored); the next one shifts weight (90 / 10, not mirrored).
        Timeline timeline = simulation(canary(KIND, "    mirror: true\n")).run(prometheusAnswers100());

        Tick mirrored = timeline.ticks().get(FIRST_ANALYSIS);
        assertThat(mirrored.primaryWeight()).isEqualTo(100);
        assertThat(mirrored.canaryWeight()).isZero();
        assertThat(mirrored.mirrored()).isTrue();
        Tick shifted = timeline.ticks().get(FIRST_ANALYSIS + 1);
        assertThat(shifted.primaryWeight()).isEqualTo(90);
        assertThat(shifted.canaryWeight()).isEqualTo(10);
        assertThat(shifted.mirrored()).isFalse();
    }

    @Test
    @DisplayName("TestScheduler_DeploymentABTesting")
    void deploymentABTesting() {
        // Flagger (iterations: 10, match x-user-type: test): the first advance routes matching traffic to
        // the canary (primary 0, canary 100, not mirrored); at 10 iterations it promotes: Finalising with
        // the canary's image on the primary, then Succeeded. Flagger writes iterations: 10 by hand; the
        // simulation runs the ten iterations.
        Timeline timeline = simulation(FlaggerFixtures.abCanary(KIND)).run(prometheusAnswers100());

        Tick first = timeline.ticks().get(FIRST_ANALYSIS);
        assertThat(first.primaryWeight()).isZero();
        assertThat(first.canaryWeight()).isEqualTo(100);
        assertThat(first.mirrored()).isFalse();
        assertThat(timeline).hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
        Tick finalising = timeline.ticks().stream().filter(t -> t.phase() == FINALISING).findFirst().orElseThrow();
        assertThat(finalising.index()).isEqualTo(FIRST_ANALYSIS + 10 + 1);
        assertThat(finalising.target().primaryRevision()).isEqualTo("v2");
    }
}
