/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/controller/scheduler_deployment_fixture_test.go,
 * scheduler_daemonset_fixture_test.go and scheduler_svc_test.go at commit 15bd6ad555e6c935da55f0ab95977be74c149bd6.
 * Copyright 2020 The Flux authors. Licensed under the Apache License, Version 2.0: you may not use this file
 * except in compliance with the License. You may obtain a copy of the License at
 * http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or agreed to in writing,
 * software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR
 * CONDITIONS OF ANY KIND, either express or implied. Modified: the Go fixtures are rewritten as Canary
 * manifests and scenario inputs for CanaryKit's simulation.
 */
package io.canarykit.testkit.flagger;

import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.simulation.ReadinessAnswer;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import java.util.Arrays;

/**
 * Flagger's scheduler test fixtures as manifests: the {@code podinfo} canary in {@code default}, its
 * {@code envoy} and {@code custom-vars} MetricTemplates, and the test Prometheus that answers 100 to
 * every query ({@code scheduler_test.go TestMain}).
 *
 * <p>Flagger's tests drive {@code advanceCanary} by hand and sometimes write the status directly
 * (failed checks, phase, iterations, routes). A simulation reaches those states by running, so the
 * ports count ticks from the one that detects the new revision (tick 0). With every check passing,
 * the default canary (stepWeight 10, maxWeight 50) runs: tick 0 Progressing at weight 0, tick 1 the
 * first analysis (pre-rollout hooks, weight 10), ticks 2-5 weights 20-50, tick 6 Promoting, tick 7
 * Finalising, tick 8 Succeeded.
 */
final class FlaggerFixtures {

    static final int DETECTED = 0;
    static final int FIRST_ANALYSIS = 1;
    static final int PROMOTING_TICK = 6;
    static final int FINALISING_TICK = 7;
    static final int SUCCEEDED_TICK = 8;

    static final String TEMPLATES = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata:
              name: envoy
              namespace: default
            spec:
              provider:
                type: prometheus
                address: http://flagger-prometheus:9090
              query: sum(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}_{{ target }}"})
            ---
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata:
              name: custom-vars
              namespace: default
            spec:
              provider:
                type: prometheus
                address: http://flagger-prometheus:9090
              query: sum(envoy_cluster_upstream_rq{envoy_cluster_name=~"{{ namespace }}_{{ target }},custom_label!={{ variables.second }}"})
            """;

    private FlaggerFixtures() {
    }

    /** {@code newDeploymentTestCanary()} (or the DaemonSet one, which differs only in kind). */
    static String canary(String kind) {
        return canary(kind, "");
    }

    /** {@code newDeploymentTestCanary()} with {@code extra} lines added to its analysis (indented 4). */
    static String canary(String kind, String extra) {
        return canary(kind, extra, "");
    }

    /**
     * {@code newDeploymentTestCanary()} plus the metric {@code fail} of Flagger's rollback tests
     * ({@code thresholdRange {min: 0, max: 50}, query: fail}, which the test Prometheus answers with 100).
     */
    static String canaryWithFailMetric(String kind, String extra) {
        return canary(kind, extra, """
                      - name: fail
                        interval: 1m
                        thresholdRange: {min: 0, max: 50}
                        query: fail
                """);
    }

    private static String canary(String kind, String extra, String extraMetrics) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: %s
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    threshold: 10
                    stepWeight: 10
                    maxWeight: 50
                %s    metrics:
                      - name: request-success-rate
                        threshold: 99
                        interval: 1m
                      - name: request-duration
                        thresholdRange: {min: 0, max: 500000}
                        interval: 1m
                      - name: custom
                        thresholdRange: {min: 0, max: 100}
                        interval: 1m
                        templateRef: {name: envoy, namespace: default}
                %s""".formatted(kind, extra, extraMetrics);
    }

    /** {@code newDeploymentTestCanaryAB()}: ten iterations for requests with {@code x-user-type: test}. */
    static String abCanary(String kind) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: %s
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    threshold: 10
                    iterations: 10
                    match:
                      - headers:
                          x-user-type: {exact: test}
                    metrics:
                      - name: request-success-rate
                        thresholdRange: {min: 99, max: 100}
                        interval: 1m
                      - name: request-duration
                        threshold: 500000
                        interval: 1m
                      - name: custom
                        thresholdRange: {min: 0, max: 500000}
                        templateRef: {name: envoy, namespace: default}
                        interval: 1m
                """.formatted(kind);
    }

    /** A canary and the fixture's templates, validated as {@code canary validate} would. */
    static Simulation simulation(String canaryYaml) {
        return Simulation.fromManifests(ManifestReader.read(canaryYaml + "---\n" + TEMPLATES, "flagger-fixture.yaml")
                .validated().resourcesOrThrow());
    }

    /** Flagger's test Prometheus: every query answers 100, which passes every fixture metric. */
    static Scenario prometheusAnswers100() {
        return Scenario.defaults().metric("request-success-rate", 100).metric("request-duration", 100).metric("custom", 100);
    }

    /** Ready for {@code readyTicks} ticks, then {@code then} from there on. */
    static ReadinessAnswer[] readyUntil(int readyTicks, ReadinessAnswer then) {
        ReadinessAnswer[] answers = new ReadinessAnswer[readyTicks + 1];
        Arrays.fill(answers, ReadinessAnswer.READY);
        answers[readyTicks] = then;
        return answers;
    }
}
