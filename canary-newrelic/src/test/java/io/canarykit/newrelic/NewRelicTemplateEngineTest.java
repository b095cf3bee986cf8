package io.canarykit.newrelic;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.providers.http.EngineRun;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.MutableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Flagger's documented New Relic MetricTemplate (docs/gitbook/usage/metrics.md) drives the real engine.
 * The docs template has no address (New Relic's public endpoint): the test gives the template the
 * loopback address, everything else as documented.
 */
class NewRelicTemplateEngineTest {

    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata:
              name: newrelic-error-rate
              namespace: prod
            spec:
              provider:
                type: newrelic
                address: %s
                secretRef:
                  name: newrelic
              query: |
                SELECT
                    filter(sum(nginx_ingress_controller_requests), WHERE status >= '500') /
                    sum(nginx_ingress_controller_requests) * 100
                FROM Metric
                WHERE metricName = 'nginx_ingress_controller_requests'
                AND ingress = '{{ ingress }}' AND  namespace = '{{ namespace }}'
            ---
            """;

    private final List<String> nrql = new CopyOnWriteArrayList<>();

    private EngineRun.Outcome run(String errorRate) {
        MutableClock clock = MutableClock.atEpochOfTests();
        try (StubBackend newRelic = new StubBackend(r -> {
                nrql.add(r.params().get("nrql"));
                return NewRelicFixtures.result(errorRate);
            });
             NewRelicMetricProvider provider = NewRelicMetricProvider.of(
                     TestResilience.settings().secretResolver(NewRelicFixtures.SECRETS).clock(clock).build())) {
            return EngineRun.run(provider, clock, TEMPLATE.formatted(newRelic.url())
                    + EngineRun.canary("error rate", "newrelic-error-rate", "max: 5"));
        }
    }

    @Test
    void goodValuesPromoteTheCanary() {
        EngineRun.Outcome outcome = run("0.4");

        assertThat(outcome.phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(outcome.primaryRevision()).isEqualTo("v2");
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(0.4);
        assertThat(nrql).filteredOn(q -> !q.startsWith("SELECT * FROM Metric")).isNotEmpty().allSatisfy(q -> assertThat(q)
                .contains("AND ingress = 'web' AND  namespace = 'prod'").endsWith(" SINCE 60 seconds ago"));
    }

    @Test
    void badValuesRollTheCanaryBack() {
        EngineRun.Outcome outcome = run("7.5");

        assertThat(outcome.phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(outcome.primaryRevision()).isEqualTo("v1");
        assertThat(outcome.canaryWeights()).containsExactly(25, 0);
    }
}
