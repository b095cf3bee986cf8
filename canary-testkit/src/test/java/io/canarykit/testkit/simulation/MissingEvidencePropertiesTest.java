package io.canarykit.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Generated valid canaries against generated metric answers — values, no data, query errors — run
 * through the real engine: it never throws, a passing check always rests on a value inside its
 * range, and a canary is never promoted on a tick whose checks lacked evidence, nor when a metric
 * never answered at all. Fixed seed; change it on the annotation to explore.
 */
class MissingEvidencePropertiesTest {

    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata: {name: m%d, namespace: prod}
            spec:
              provider: {type: prometheus, address: "http://prometheus:9090"}
              query: "metric_%d{app='{{ target }}'}"
            ---
            """;

    @Property(tries = 400, seed = "20261204")
    void theEngineNeverPromotesOnMissingEvidence(@ForAll @IntRange(min = 1, max = 50) int stepWeight,
            @ForAll @IntRange(min = 0, max = 60) int extraMaxWeight, @ForAll @IntRange(min = 1, max = 4) int threshold,
            @ForAll boolean cumulative, @ForAll @IntRange(min = 0, max = 4) int iterations,
            @ForAll @Size(min = 1, max = 3) List<@Size(min = 1, max = 10) List<@net.jqwik.api.From("answers") MetricAnswer>> answers) {
        int maxWeight = Math.min(100, stepWeight + extraMaxWeight);
        StringBuilder yaml = new StringBuilder();
        StringBuilder metrics = new StringBuilder();
        Scenario scenario = Scenario.defaults().withMaxTicks(60);
        for (int i = 0; i < answers.size(); i++) {
            yaml.append(TEMPLATE.formatted(i, i));
            metrics.append("      - {name: m").append(i).append(", templateRef: {name: m").append(i)
                    .append("}, thresholdRange: {max: 5}, interval: 1m}\n");
            scenario = scenario.metric("m" + i, answers.get(i).toArray(MetricAnswer[]::new));
        }
        yaml.append("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: %d
                    thresholdMode: %s
                %s    metrics:
                %s""".formatted(threshold, cumulative ? "cumulative" : "consecutive",
                iterations > 0 ? "    iterations: " + iterations + "\n" : "    maxWeight: " + maxWeight + "\n    stepWeight: " + stepWeight + "\n",
                metrics));

        Timeline timeline = Simulation.fromManifests(ManifestReader.read(yaml.toString(), "generated.yaml").resourcesOrThrow())
                .run(scenario);

        boolean aMetricNeverAnswered = answers.stream().anyMatch(list -> list.stream().noneMatch(MetricAnswer.Value.class::isInstance));
        // The outcomes reached, so that the report shows the promotion assertions were exercised.
        net.jqwik.api.statistics.Statistics.collect(timeline.result(), aMetricNeverAnswered ? "a metric never answered" : "evidence");
        for (Tick tick : timeline.ticks()) {
            for (CheckResult check : tick.checks()) {
                if (check.verdict() == Verdict.PASS) {
                    assertThat(check.value()).as("evidence of a passing %s", check.metric()).isNotNull();
                    assertThat(check.value()).isFinite().isLessThanOrEqualTo(5.0);
                }
            }
        }
        int promoting = timeline.phases().indexOf(CanaryPhase.PROMOTING);
        if (promoting >= 0) {
            assertThat(timeline.ticks().get(promoting).checks()).as("checks of the tick that promotes")
                    .allMatch(check -> check.verdict() == Verdict.PASS);
        }
        if (aMetricNeverAnswered) {
            assertThat(timeline.phases()).as("phases with a metric that never answered").doesNotContain(CanaryPhase.PROMOTING,
                    CanaryPhase.SUCCEEDED);
        }
    }

    @Provide
    Arbitrary<MetricAnswer> answers() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.doubles().between(0, 10).map(MetricAnswer::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(MetricAnswer.NO_DATA)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(MetricAnswer.ERROR)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0.0, 5.0, 5.0000001, Double.MIN_VALUE, 1e-300).map(MetricAnswer::of)));
    }
}
