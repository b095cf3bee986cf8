package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.MetricQuery;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code {{ route }}} in metric queries: {@code routeRef}, else the target, unless the target controller names it (Knative). */
class MetricsRouteTest {

    private static EngineHarness harness() {
        Canaries.Analysis a = Canaries.reference();
        a.metrics.clear();
        a.metrics.add(new CanaryMetric("route-errors", "1m", null, ThresholdRange.max(1), "errors{route=\"{{ route }}\"}", null,
                Map.of()));
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values("errors{route=\"web\"}", 0.5).values("errors{route=\"web-00002\"}", 0.5);
        return h;
    }

    @Test
    void theRouteIsTheTargetsNameByDefault() {
        EngineHarness h = harness();
        h.ticks(3);
        assertThat(h.prometheus.queries()).extracting(MetricQuery::query).contains("errors{route=\"web\"}")
                .doesNotContain("errors{route=\"web-00002\"}");
    }

    @Test
    void aTargetControllerThatNamesTheRouteIsHeard() {
        EngineHarness h = harness();
        h.target.metricsRoute("web-00002");
        h.ticks(3);
        assertThat(h.prometheus.queries()).extracting(MetricQuery::query).contains("errors{route=\"web-00002\"}")
                .doesNotContain("errors{route=\"web\"}");
    }
}
