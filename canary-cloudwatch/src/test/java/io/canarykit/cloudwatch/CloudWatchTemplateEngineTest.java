package io.canarykit.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.providers.http.EngineRun;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.testkit.MutableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Flagger's documented CloudWatch MetricTemplate (docs/gitbook/usage/metrics.md) drives the real engine
 * against a loopback CloudWatch; the template gains only an {@code address} (the endpoint override).
 */
class CloudWatchTemplateEngineTest {

    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1alpha1
            kind: MetricTemplate
            metadata:
              name: cloudwatch-error-rate
              namespace: prod
            spec:
              provider:
                type: cloudwatch
                region: ap-northeast-1 # specify the region of your metrics
                address: %s
              query: |
                [
                    {
                        "Id": "e1",
                        "Expression": "m1 / m2",
                        "Label": "ErrorRate"
                    },
                    {
                        "Id": "m1",
                        "MetricStat": {
                            "Metric": {
                                "Namespace": "MyKubernetesCluster",
                                "MetricName": "ErrorCount",
                                "Dimensions": [
                                    {
                                        "Name": "appName",
                                        "Value": "{{ name }}.{{ namespace }}"
                                    }
                                ]
                            },
                            "Period": 60,
                            "Stat": "Sum",
                            "Unit": "Count"
                        },
                        "ReturnData": false
                    },
                    {
                        "Id": "m2",
                        "MetricStat": {
                            "Metric": {
                                "Namespace": "MyKubernetesCluster",
                                "MetricName": "RequestCount",
                                "Dimensions": [
                                    {
                                        "Name": "appName",
                                        "Value": "{{ name }}.{{ namespace }}"
                                    }
                                ]
                            },
                            "Period": 60,
                            "Stat": "Sum",
                            "Unit": "Count"
                        },
                        "ReturnData": false
                    }
                ]
            ---
            """;

    private final List<String> dimensions = new CopyOnWriteArrayList<>();

    private EngineRun.Outcome run(double errorRate) {
        MutableClock clock = MutableClock.atEpochOfTests();
        try (StubBackend cloudWatch = new StubBackend(r -> {
                var queries = CloudWatchFixtures.body(r).path("MetricDataQueries");
                if (queries.size() == 0) {
                    return CloudWatchFixtures.error(400, "InvalidParameterCombination", "MetricDataQueries must be specified.");
                }
                dimensions.add(queries.get(1).path("MetricStat").path("Metric").path("Dimensions").get(0).path("Value").asText());
                return CloudWatchFixtures.result("e1", errorRate, 0.0);
            });
             CloudWatchMetricProvider provider = CloudWatchFixtures.provider().clock(clock).build()) {
            return EngineRun.run(provider, clock, TEMPLATE.formatted(cloudWatch.url())
                    + EngineRun.canary("app error rate", "cloudwatch-error-rate", "max: 0.1"));
        }
    }

    @Test
    void goodValuesPromoteTheCanary() {
        EngineRun.Outcome outcome = run(0.02);

        assertThat(outcome.phase()).as("%s", outcome.checks()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(outcome.primaryRevision()).isEqualTo("v2");
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(0.02);
        assertThat(dimensions).isNotEmpty().containsOnly("web.prod");
    }

    @Test
    void badValuesRollTheCanaryBack() {
        EngineRun.Outcome outcome = run(0.25);

        assertThat(outcome.phase()).as("%s", outcome.checks()).isEqualTo(CanaryPhase.FAILED);
        assertThat(outcome.primaryRevision()).isEqualTo("v1");
        assertThat(outcome.canaryWeights()).containsExactly(25, 0);
    }
}
