package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.MetricQuery;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each query carries its metric's interval, as Flagger builds a provider per metric with it: backends
 * queried over a window (Datadog, New Relic, CloudWatch) cover the metric's window, not a fixed one.
 */
class MetricIntervalTest {

    @Test
    void queriesCarryTheMetricsOwnIntervalElseTheAnalysisIntervalForTemplatesElseOneMinute() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "30s";
        a.threshold = 2;
        a.stepWeight = 10;
        a.metrics.add(new CanaryMetric("error-rate", "5m", null, ThresholdRange.max(1), null,
                CrossNamespaceObjectReference.of("error-rate", null), Map.of()));
        a.metrics.add(CanaryMetric.template("errors-again", "error-rate", ThresholdRange.max(1)));
        a.metrics.add(new CanaryMetric("request-duration", null, null, ThresholdRange.max(500), null, null, Map.of()));
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values("error_rate{target=\"web\"}", 0).values(Canaries.DURATION_QUERY, 0.1);

        h.ticks(4);

        assertThat(h.prometheus.queries()).extracting(MetricQuery::query, MetricQuery::interval).contains(
                org.assertj.core.groups.Tuple.tuple("error_rate{target=\"web\"}", Duration.ofMinutes(5)),
                org.assertj.core.groups.Tuple.tuple("error_rate{target=\"web\"}", Duration.ofSeconds(30)),
                org.assertj.core.groups.Tuple.tuple(Canaries.DURATION_QUERY, Duration.ofMinutes(1)));
    }
}
