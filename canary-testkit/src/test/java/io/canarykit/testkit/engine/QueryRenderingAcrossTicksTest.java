package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.MetricTemplateSpec;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import org.junit.jupiter.api.Test;

/** Rendered queries are cached, yet a changed MetricTemplate or the passing time shows in the very next tick's query. */
class QueryRenderingAcrossTicksTest {

    private static MetricTemplate template(String query) {
        return MetricTemplate.of(ObjectMeta.of("prod", "error-rate"),
                new MetricTemplateSpec(MetricTemplateProvider.prometheus("http://prometheus.monitoring:9090"), query));
    }

    @Test
    void aChangedTemplateIsRenderedInTheNextTick() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.prometheus.on(query -> true, MetricResult.value(0));
        h.ticks(3);
        int before = h.prometheus.queries().size();

        h.store.apply(template("errors_v2{target=\"{{ target }}\"}"));
        h.ticks(1);

        assertThat(h.prometheus.queries().subList(before, h.prometheus.queries().size())).extracting(MetricQuery::query)
                .contains("errors_v2{target=\"web\"}").doesNotContain(Canaries.ERROR_RATE_QUERY);
    }

    @Test
    void elapsedGrowsFromTickToTick() {
        EngineHarness h = new EngineHarness(Canaries.reference().build()).initializedWithNewRevision();
        h.store.apply(template("increase(errors{target=\"{{ target }}\"}[{{ elapsed }}])"));
        h.prometheus.on(query -> true, MetricResult.value(0));

        h.ticks(4);

        assertThat(h.prometheus.queries()).extracting(MetricQuery::query).filteredOn(q -> q.startsWith("increase"))
                .containsExactly("increase(errors{target=\"web\"}[1m0s])", "increase(errors{target=\"web\"}[2m0s])");
    }
}
