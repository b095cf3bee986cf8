/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/controller/scheduler_metrics_test.go at
 * commit 15bd6ad555e6c935da55f0ab95977be74c149bd6. Copyright 2020 The Flux authors. Licensed under the
 * Apache License, Version 2.0: you may not use this file except in compliance with the License. You may
 * obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable
 * law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. Modified: each Go test is
 * rewritten as a CanaryKit simulation; quoted comments say what the Flagger test asserts.
 */
package io.canarykit.testkit.flagger;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.flagger.FlaggerFixtures.FIRST_ANALYSIS;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canary;
import static io.canarykit.testkit.flagger.FlaggerFixtures.canaryWithFailMetric;
import static io.canarykit.testkit.flagger.FlaggerFixtures.prometheusAnswers100;
import static io.canarykit.testkit.flagger.FlaggerFixtures.simulation;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Flagger's {@code scheduler_metrics_test.go}, the parts about scheduling. Flagger asserts its
 * Prometheus gauges and counters ({@code flagger_canary_status}, {@code _weight},
 * {@code _successes_total}, {@code _failures_total}); a simulation asserts the same facts on the
 * timeline (phase, route weights, checks). {@code TestController_checkMetricProviderAvailability} runs
 * at initialization, before a timeline's first tick, and is not ported.
 */
class FlaggerSchedulerMetricsTest {

    static final String KIND = "Deployment";

    /** The fixture canary whose analysis has only {@code metric} (YAML lines of one list entry). */
    static String canaryWith(String metric) {
        return canary(KIND).replaceFirst("(?s)    metrics:.*", "    metrics:\n" + metric);
    }

    @Nested
    @DisplayName("TestController_runMetricChecks")
    class RunMetricChecks {

        @Test
        @DisplayName("customVariables")
        void customVariables() {
            // Flagger: a templateRef to custom-vars with templateVariables {first: abc, second: def} passes.
            Timeline timeline = simulation(canaryWith("""
                          - name: custom-vars
                            templateRef: {name: custom-vars, namespace: default}
                            templateVariables: {first: abc, second: def}
                            thresholdRange: {min: 0, max: 100}
                    """)).run(Scenario.defaults().metric("custom-vars", 100));

            assertThat(timeline).endsIn(SUCCEEDED).hasNoFailedChecks().hasCheck("custom-vars", Verdict.PASS);
        }

        @Test
        @DisplayName("undefined metric — differs: a metric with no query is refused, not failed every tick")
        void undefinedMetric() {
            // Flagger: a metric named "undefined metric" with neither a builtin name, a query nor a
            // templateRef fails the check (runMetricChecks returns false), so the canary can only roll
            // back. CanaryKit refuses such a canary, as canary validate does: a check that can never pass.
            assertThatThrownBy(() -> simulation(canaryWith("""
                          - name: undefined metric
                            thresholdRange: {min: 0, max: 100}
                    """))).isInstanceOf(InvalidCanarySpecException.class)
                    .hasMessageContaining("must be a builtin metric (request-success-rate, request-duration) or set query, "
                            + "templateRef or sequential, got name \"undefined metric\"");
        }

        @Test
        @DisplayName("builtinMetric")
        void builtinMetric() {
            // Flagger: request-success-rate with thresholdRange 0..100 passes (the test Prometheus answers 100).
            Timeline timeline = simulation(canaryWith("""
                          - name: request-success-rate
                            thresholdRange: {min: 0, max: 100}
                    """)).run(Scenario.defaults().metric("request-success-rate", 100));

            assertThat(timeline).endsIn(SUCCEEDED).hasCheck("request-success-rate", Verdict.PASS).hasNoFailedChecks();
        }

        @Test
        @DisplayName("no metric Template is defined, but a query is specified")
        void queryWithoutTemplate() {
            // Flagger: an inline query with thresholdRange 0..100 passes.
            Timeline timeline = simulation(canaryWith("""
                          - name: undefined metric
                            thresholdRange: {min: 0, max: 100}
                            query: '>- sum(logback_events_total{level="error", job="some-app"}) <= bool 0'
                    """)).run(Scenario.defaults().metric("undefined metric", 100));

            assertThat(timeline).endsIn(SUCCEEDED).hasCheck("undefined metric", Verdict.PASS).hasNoFailedChecks();
        }

        @Test
        @DisplayName("both have metric Template and query — differs: evaluated once, as the template metric")
        void templateAndQuery() {
            // Flagger: templateRef custom-vars plus an inline query passes; Flagger evaluates such a metric
            // twice (template and query). CanaryKit evaluates it once, as a template metric.
            Timeline timeline = simulation(canaryWith("""
                          - name: custom-vars
                            templateRef: {name: custom-vars, namespace: default}
                            templateVariables: {first: abc, second: def}
                            thresholdRange: {min: 0, max: 100}
                            query: '>- sum(logback_events_total{level="error", job="some-app"}) <= bool 0'
                    """)).run(Scenario.defaults().metric("custom-vars", 100));

            assertThat(timeline).endsIn(SUCCEEDED).hasNoFailedChecks();
            Tick analysed = timeline.ticks().get(FIRST_ANALYSIS + 1);
            assertThat(analysed.checks()).extracting(CheckResult::metric).containsExactly("custom-vars");
            assertThat(analysed.checks().get(0).query()).contains("custom_label!=def");
        }
    }

    @Nested
    @DisplayName("TestController_MetricsStateTransition")
    class MetricsStateTransition {

        @Test
        @DisplayName("successful canary promotion with count metrics")
        void successfulPromotion() {
            // Flagger: status gauge 1 (Initialized) after init, 0 (Progressing) after the first advance,
            // weights primary 50..100 / canary 10..50 adding up to 100, and after at most 10 more
            // advances one success is counted (Succeeded).
            Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100());

            assertThat(timeline.ticks().get(FIRST_ANALYSIS).phase()).isEqualTo(PROGRESSING);
            Tick first = timeline.ticks().get(FIRST_ANALYSIS);
            assertThat(first.primaryWeight()).isBetween(50, 100);
            assertThat(first.canaryWeight()).isBetween(10, 50);
            assertThat(first.primaryWeight() + first.canaryWeight()).isEqualTo(100);
            assertThat(timeline).endsIn(SUCCEEDED);
            assertThat(timeline.ticks().size() - (FIRST_ANALYSIS + 1)).isLessThanOrEqualTo(10);
            assertThat(timeline.phases().stream().filter(p -> p == SUCCEEDED).count()).isEqualTo(1);
        }

        @Test
        @DisplayName("failed canary rollback with count metrics — differs: rollback in the tick that reaches the threshold")
        void failedRollback() {
            // Flagger: failedChecks 10 and the failing "fail" metric; status gauge 2 (Failed), weights
            // primary 100 / canary 0, one failure counted.
            Timeline timeline = simulation(canaryWithFailMetric(KIND, "")).run(prometheusAnswers100().metric("fail", 100));

            Tick last = timeline.ticks().get(timeline.ticks().size() - 1);
            assertThat(timeline).endsIn(FAILED);
            assertThat(last.primaryWeight()).isEqualTo(100);
            assertThat(last.canaryWeight()).isZero();
            assertThat(timeline.phases().stream().filter(p -> p == FAILED).count()).isEqualTo(1);
        }

        @Test
        @DisplayName("skipped analysis with count metrics")
        void skippedAnalysis() {
            // Flagger: skipAnalysis set, the update detected, one advance: one "skipped" success counted.
            Timeline timeline = simulation(canary(KIND)).run(prometheusAnswers100().skipAnalysis(true));

            assertThat(timeline).endsIn(SUCCEEDED).hasEventContaining("Canary analysis was skipped");
            assertThat(timeline.ticks().stream().allMatch(t -> t.checks().isEmpty())).isTrue();
        }
    }

    @Test
    @DisplayName("TestController_AnalysisMetricsRecording")
    void analysisMetricsRecording() {
        // Flagger: runMetricChecks on request-success-rate (99..100) and request-duration (0..500) passes and
        // records an analysis gauge for each metric.
        Timeline timeline = simulation(canaryWith("""
                      - name: request-success-rate
                        thresholdRange: {min: 99, max: 100}
                      - name: request-duration
                        thresholdRange: {min: 0, max: 500}
                """)).run(Scenario.defaults().metric("request-success-rate", 100).metric("request-duration", 100));

        Tick analysed = timeline.ticks().get(FIRST_ANALYSIS + 1);
        assertThat(analysed.checks()).extracting(CheckResult::metric).containsExactly("request-success-rate", "request-duration");
        assertThat(analysed.checks()).extracting(CheckResult::value).containsExactly(100.0, 100.0);
        assertThat(timeline.metricNames()).isEqualTo(List.of("request-success-rate", "request-duration"));
    }
}
