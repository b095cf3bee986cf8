/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/controller/scheduler_svc_test.go at commit
 * 15bd6ad555e6c935da55f0ab95977be74c149bd6. Copyright 2020 The Flux authors. Licensed under the Apache
 * License, Version 2.0: you may not use this file except in compliance with the License. You may obtain a
 * copy of the License at http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or
 * agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
 * WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. Modified: each Go test is rewritten as a
 * CanaryKit simulation; quoted comments say what the Flagger test asserts.
 */
package io.canarykit.testkit.flagger;

import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.flagger.FlaggerFixtures.simulation;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flagger's {@code scheduler_svc_test.go}: a {@code kind: Service} target. Flagger's
 * {@code testServicePromotion} checks the primary weight after each advance from the one that detects
 * the new Service spec, then Progressing, Promoting, Finalising (routes 100/0, the primary Service
 * selects what the canary selected) and Succeeded.
 *
 * <p>The engine takes a plain Service target like any other (the simulation plays its target
 * controller); the operator in canary-k8s has target controllers for Deployments and DaemonSets only.
 */
class FlaggerSchedulerServiceTest {

    @Test
    @DisplayName("TestScheduler_ServicePromotion — differs: maxWeight is an upper bound (canary 20, 40, 50; Flagger 20, 40, 60)")
    void servicePromotion() {
        // Flagger (stepWeight 20, maxWeight 50): primary weights 100, 80, 60, 40, then promotion.
        Timeline timeline = run("stepWeight: 20\n    maxWeight: 50");

        assertPromotion(timeline, 100, 80, 60, 50);
    }

    @Test
    @DisplayName("TestScheduler_ServicePromotionMaxWeight")
    void servicePromotionMaxWeight() {
        // Flagger (stepWeight 50, maxWeight 100): primary weights 100, 50, 0, then promotion.
        assertPromotion(run("stepWeight: 50\n    maxWeight: 100"), 100, 50, 0);
    }

    @Test
    @DisplayName("TestScheduler_ServicePromotionWithWeightsHappyCase")
    void servicePromotionWithWeightsHappyCase() {
        // Flagger (stepWeights [1, 2, 10, 80]): primary weights 100, 99, 98, 90, 20, then promotion.
        assertPromotion(run("stepWeights: [1, 2, 10, 80]"), 100, 99, 98, 90, 20);
    }

    @Test
    @DisplayName("TestScheduler_ServicePromotionWithWeightsOverflow")
    void servicePromotionWithWeightsOverflow() {
        // Flagger (stepWeights [1, 2, 10, 200]): primary weights 100, 99, 98, 90, 0 — the step above 100
        // is capped at 100.
        Timeline timeline = run("stepWeights: [1, 2, 10, 200]");
        assertPromotion(timeline, 100, 99, 98, 90, 0);
    }

    private static Timeline run(String weights) {
        return run("Service", "v1", weights);
    }

    private static Timeline run(String kind, String apiVersion, String weights) {
        String canary = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  targetRef:
                    apiVersion: %s
                    kind: %s
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    threshold: 10
                    %s
                    metrics:
                      - name: request-success-rate
                        threshold: 99
                        interval: 1m
                      - name: request-duration
                        threshold: 500000
                        interval: 1m
                """.formatted(apiVersion, kind, weights);
        return simulation(canary).run(Scenario.defaults().metric("request-success-rate", 100).metric("request-duration", 100));
    }

    private static void assertPromotion(Timeline timeline, int... primaryWeights) {
        for (int i = 0; i < primaryWeights.length; i++) {
            Tick tick = timeline.ticks().get(i);
            assertThat(tick.primaryWeight()).as("primary weight after advance %s", i + 1).isEqualTo(primaryWeights[i]);
            assertThat(tick.canaryWeight()).isEqualTo(100 - primaryWeights[i]);
            assertThat(tick.mirrored()).isFalse();
            assertThat(tick.phase()).isEqualTo(PROGRESSING);
        }
        int n = primaryWeights.length;
        List<Tick> ticks = timeline.ticks();
        assertThat(ticks.get(n).phase()).isEqualTo(PROMOTING);
        Tick finalising = ticks.get(n + 1);
        assertThat(finalising.phase()).isEqualTo(FINALISING);
        assertThat(finalising.primaryWeight()).isEqualTo(100);
        assertThat(finalising.canaryWeight()).isZero();
        assertThat(finalising.target().primaryRunsCanary()).as("the primary Service selects what the canary selected").isTrue();
        assertThat(timeline).endsIn(SUCCEEDED).hasTickCount(n + 3);
    }
}
