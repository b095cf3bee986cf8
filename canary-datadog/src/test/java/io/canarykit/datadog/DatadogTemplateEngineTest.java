package io.canarykit.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.providers.http.EngineRun;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Flagger's documented Datadog MetricTemplate (docs/gitbook/usage/metrics.md) drives the real engine. */
class DatadogTemplateEngineTest {

    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata:
              name: not-found-percentage
              namespace: prod
            spec:
              provider:
                type: datadog
                address: %s
                secretRef:
                  name: datadog
              query: |
                100 - (
                  sum:istio.mesh.request.count{
                    reporter:destination,
                    destination_workload_namespace:{{ namespace }},
                    destination_workload:{{ target }},
                    !response_code:404
                  }.as_count()
                  /
                  sum:istio.mesh.request.count{
                    reporter:destination,
                    destination_workload_namespace:{{ namespace }},
                    destination_workload:{{ target }}
                  }.as_count()
                ) * 100
            ---
            """;

    private static EngineRun.Outcome run(String notFoundPercentage, StubBackend[] holder) {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
        try (StubBackend datadog = new StubBackend(r -> r.path().equals("/api/v1/validate")
                ? Reply.ok("{\"valid\":true}") : DatadogFixtures.series(notFoundPercentage));
             DatadogMetricProvider provider = DatadogMetricProvider.of(
                     TestResilience.settings().secretResolver(DatadogFixtures.SECRETS).clock(clock).build())) {
            holder[0] = datadog;
            return EngineRun.run(provider, clock, TEMPLATE.formatted(datadog.url())
                    + EngineRun.canary("404s percentage", "not-found-percentage", "max: 5"));
        }
    }

    @Test
    void goodValuesPromoteTheCanary() {
        StubBackend[] datadog = new StubBackend[1];
        EngineRun.Outcome outcome = run("0.8", datadog);

        assertThat(outcome.phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(outcome.primaryRevision()).isEqualTo("v2");
        assertThat(outcome.canaryWeights()).containsExactly(25, 50, 0);
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(0.8);
        String query = datadog[0].received().stream().filter(r -> r.path().equals("/api/v1/query")).findFirst()
                .orElseThrow().params().get("query");
        assertThat(query).contains("destination_workload_namespace:prod,").contains("destination_workload:web,");
    }

    @Test
    void badValuesRollTheCanaryBack() {
        EngineRun.Outcome outcome = run("12.5", new StubBackend[1]);

        assertThat(outcome.phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(outcome.primaryRevision()).isEqualTo("v1");
        assertThat(outcome.canaryWeights()).containsExactly(25, 0);
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(12.5);
    }
}
