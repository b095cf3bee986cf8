/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/controller/scheduler_daemonset_test.go at
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
import static io.canarykit.testkit.flagger.FlaggerFixtures.FIRST_ANALYSIS;
import static io.canarykit.testkit.flagger.FlaggerFixtures.PROMOTING_TICK;
import static io.canarykit.testkit.flagger.FlaggerFixtures.SUCCEEDED_TICK;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canary;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canaryWithFailMetric;
import static io.canarykit.testkit.flagger.FlaggerFixtures.prometheusAnswers100;
import static io.canarykit.testkit.flagger.FlaggerFixtures.readyUntil;
import static io.canarykit.testkit.flagger.FlaggerFixtures.simulation;
import static io.canarykit.testkit.simulation.ReadinessAnswer.DEADLINE;
import static io.canarykit.testkit.simulation.ReadinessAnswer.READY;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flagger's {@code scheduler_daemonset_test.go} as simulations. The DaemonSet fixture is the
 * Deployment one with {@code kind: DaemonSet}; Flagger's DaemonSet tests skip {@code makePrimaryReady}
 * because a DaemonSet without scheduled pods is ready. The port/alert tests are not scheduler
 * behaviour a simulation observes (see the Deployment class).
 */
class FlaggerSchedulerDaemonSetTest {

    static final String KIND = "DaemonSet";

    @Test
    @DisplayName("TestScheduler_DaemonSetInit")
    void daemonSetInit() {
        // Flagger: after the first advanceCanary the DaemonSet podinfo-primary exists.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100());

        assertThat(timeline.ticks().get(DETECTED).target().primaryRevision()).isEqualTo("v1");
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetNewRevision")
    void daemonSetNewRevision() {
        // Flagger: after initialization the target carries the scale-to-zero node selector; after the
        // update is detected the DaemonSet podinfo is there (scaled up again).
        int next = SUCCEEDED_TICK + 1;
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().newRevisionAt(next));

        assertThat(timeline.ticks().get(DETECTED).target().canaryScaledUp()).isTrue();
        assertThat(timeline.ticks().get(SUCCEEDED_TICK).target().canaryScaledUp()).isFalse();
        assertThat(timeline.ticks().get(next).phase()).isEqualTo(PROGRESSING);
        assertThat(timeline.ticks().get(next).target().canaryScaledUp()).isTrue();
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetRollback — differs: rollback in the tick that reaches the threshold")
    void daemonSetRollback() {
        // Flagger: failedChecks 10 (the threshold) while Progressing plus the failing metric "fail": Failed.
        // CanaryKit rolls back in the tick of the 10th failure (tick 11); Flagger in the next one (tick 12).
        Timeline timeline = simulation(canaryWithFailMetric(KIND, "")).run(prometheusAnswers100().metric("fail", 100));
        Timeline cumulative = simulation(canaryWithFailMetric(KIND, "    thresholdMode: cumulative\n"))
                .run(prometheusAnswers100().metric("fail", 100));

        assertThat(timeline).endsIn(FAILED).hasFailedChecks("fail", 10).hasTickCount(FIRST_ANALYSIS + 10 + 1);
        assertThat(cumulative).endsIn(FAILED).hasFailedChecks("fail", 10).hasTickCount(FIRST_ANALYSIS + 10 + 1);
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetSkipAnalysis")
    void daemonSetSkipAnalysis() {
        // Flagger: spec.skipAnalysis set, the update detected, one more advance: Succeeded, skipAnalysis still true.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().skipAnalysis(true));

        assertThat(timeline).hasPhasesPerTick(PROGRESSING, SUCCEEDED);
        assertThat(timeline.canary().spec().skipAnalysis()).isTrue();
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetNewRevisionReset")
    void daemonSetNewRevisionReset() {
        // Flagger: 90/10 not mirrored after the first advance; a second update resets the routes to 100/0.
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().newRevisionAt(FIRST_ANALYSIS + 1));

        Tick first = timeline.ticks().get(FIRST_ANALYSIS);
        assertThat(first.primaryWeight()).isEqualTo(90);
        assertThat(first.canaryWeight()).isEqualTo(10);
        assertThat(first.mirrored()).isFalse();
        Tick reset = timeline.ticks().get(FIRST_ANALYSIS + 1);
        assertThat(reset.primaryWeight()).isEqualTo(100);
        assertThat(reset.canaryWeight()).isZero();
        assertThat(reset.mirrored()).isFalse();
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetPromotion")
    void daemonSetPromotion() {
        // Flagger: ConfigMap and Secret change after detection; Progressing, Promoting, then Finalising with
        // routes 100/0, the canary's image on the primary and the new config data in the -primary copies;
        // then Succeeded. (Flagger writes routes 60/40 by hand; the simulation runs the steps.)
        Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100()
                .configChangeAt("configmap/podinfo-config-env", FIRST_ANALYSIS)
                .configChangeAt("secret/podinfo-secret-env", FIRST_ANALYSIS));

        assertThat(timeline).hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
        Tick finalising = timeline.ticks().stream().filter(t -> t.phase() == FINALISING).findFirst().orElseThrow();
        assertThat(finalising.primaryWeight()).isEqualTo(100);
        assertThat(finalising.canaryWeight()).isZero();
        assertThat(finalising.target().primaryRunsCanary()).isTrue();
        assertThat(finalising.target().primaryConfigs()).containsEntry("configmap/podinfo-config-env", "v2")
                .containsEntry("secret/podinfo-secret-env", "v2");
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetMirroring")
    void daemonSetMirroring() {
        // Flagger: the first advance mirrors (100/0, mirrored), the next shifts to 90/10, not mirrored.
        Timeline timeline = simulation(canary(KIND, "    mirror: true\n")).run(prometheusAnswers100());

        assertThat(timeline.ticks().get(FIRST_ANALYSIS).mirrored()).isTrue();
        assertThat(timeline.ticks().get(FIRST_ANALYSIS).canaryWeight()).isZero();
        assertThat(timeline.ticks().get(FIRST_ANALYSIS + 1).mirrored()).isFalse();
        assertThat(timeline.ticks().get(FIRST_ANALYSIS + 1).canaryWeight()).isEqualTo(10);
    }

    @Test
    @DisplayName("TestScheduler_DaemonSetABTesting")
    void daemonSetABTesting() {
        // Flagger: 0/100 after the first advance; at 10 iterations Finalising with the canary's image on
        // the primary, then Succeeded.
        Timeline timeline = simulation(FlaggerFixtures.abCanary(KIND)).run(prometheusAnswers100());

        assertThat(timeline.ticks().get(FIRST_ANALYSIS).canaryWeight()).isEqualTo(100);
        assertThat(timeline).hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
        Tick finalising = timeline.ticks().stream().filter(t -> t.phase() == FINALISING).findFirst().orElseThrow();
        assertThat(finalising.target().primaryRevision()).isEqualTo("v2");
    }

    @Test
    @DisplayName("A DaemonSet primary past its progress deadline while Promoting is waited for (Flagger's DaemonSet controller)")
    void daemonSetPrimaryPastItsDeadlineIsWaitedFor() {
        // Not a Flagger test: Flagger's DaemonSet readiness never marks the primary non-retriable, so the
        // #1898 failed promotion of Deployments cannot happen to a DaemonSet; it waits for the primary.
        Timeline stuck = simulation(canary(KIND)).run(prometheusAnswers100().withMaxTicks(12)
                .primaryReady(readyUntil(PROMOTING_TICK + 1, DEADLINE)));
        Timeline recovers = simulation(canary(KIND)).run(prometheusAnswers100()
                .primaryReady(READY, READY, READY, READY, READY, READY, READY, DEADLINE, DEADLINE, READY));

        assertThat(stuck).hasTickCount(12).hasEventContaining("exceeded its progress deadline");
        assertThat(stuck.ticks().subList(PROMOTING_TICK, 12)).allMatch(t -> t.phase() == PROMOTING);
        assertThat(recovers).hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED);
    }
}
