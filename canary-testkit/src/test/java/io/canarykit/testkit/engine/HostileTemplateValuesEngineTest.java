package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.MetricTemplateSpec;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A canary author cannot turn a platform team's MetricTemplate into a query that always passes:
 * a hostile {@code templateVariables} value is escaped inside a PromQL string, and refused (a failed
 * check naming the placeholder, the backend never asked) where it would land outside one.
 */
class HostileTemplateValuesEngineTest {

    private static EngineHarness canaryWith(String query, String variable, String value) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 1;
        a.stepWeight = 10;
        a.metrics.add(new CanaryMetric("app-errors", null, null, ThresholdRange.max(1), null,
                CrossNamespaceObjectReference.of("app-errors", null), Map.of(variable, value)));
        EngineHarness h = new EngineHarness(a.build());
        h.store.apply(MetricTemplate.of(ObjectMeta.of("prod", "app-errors"),
                new MetricTemplateSpec(MetricTemplateProvider.prometheus("http://prometheus:9090"), query)));
        return h.initializedWithNewRevision();
    }

    @Test
    void aQuoteInAVariableStaysInsideThePromqlStringSoTheInjectionDoesNotPass() {
        EngineHarness h = canaryWith("errors{app=\"{{ variables.app }}\"}", "app", "web\"} or vector(0) #");
        // What the naive rendering would send: a query that answers 0 errors whatever the canary does.
        h.prometheus.values("errors{app=\"web\"} or vector(0) #\"}", 0);
        h.prometheus.values("errors{app=\"web\\\"} or vector(0) #\"}", 7);

        h.ticks(3);

        CheckResult check = lastCheck(h);
        assertThat(check.query()).isEqualTo("errors{app=\"web\\\"} or vector(0) #\"}");
        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(check.value()).isEqualTo(7.0);
    }

    @Test
    void aValueOutsideAnyLiteralIsRefusedAsAFailedCheckAndNeverSent() {
        EngineHarness h = canaryWith("errors > {{ variables.limit }}", "limit", "0 or vector(0)");
        h.prometheus.on(query -> true, io.canarykit.api.spi.MetricResult.value(0));

        h.ticks(3);

        CheckResult check = lastCheck(h);
        assertThat(check.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(check.message()).isEqualTo("Metric template app-errors.prod query render error: {{ variables.limit }} is "
                + "\"0 or vector(0)\": outside a string literal of the PromQL query a value may hold only letters, digits and _ . : - "
                + "(quote the placeholder in the template to pass text)");
        assertThat(h.prometheus.queries()).extracting(MetricQuery::query).noneMatch(q -> q.contains("vector"));
        assertThat(h.canary.status().phase()).isEqualTo(CanaryPhase.FAILED);
    }

    private static CheckResult lastCheck(EngineHarness h) {
        return h.results.stream().map(TickResult::checks).filter(c -> !c.isEmpty()).reduce((a, b) -> b).orElseThrow().get(0);
    }
}
