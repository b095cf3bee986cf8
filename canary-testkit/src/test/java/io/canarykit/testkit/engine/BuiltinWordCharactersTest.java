package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedMetricProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Observers whose metric labels spell names with word characters only (Skipper) get them so. */
class BuiltinWordCharactersTest {

    @Test
    void nonWordCharactersOfNamespaceIngressAndServiceBecomeUnderscores() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.stepWeight = 10;
        a.metrics.add(new CanaryMetric("request-duration", null, null, ThresholdRange.max(500), null, null, Map.of()));
        Canary built = a.build();
        Canary canary = built.withMetadata(ObjectMeta.of("prod-eu", "web"));
        ScriptedMetricProvider prometheus = new ScriptedMetricProvider("prometheus").values("lat{route=~\"kube_prod_eu__web_canary\"}", 0.1);
        FakeTargetController target = new FakeTargetController();
        MutableClock clock = MutableClock.atEpochOfTests();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).trafficRouter(new RecordingTrafficRouter()).targetController(target)
                .metricProviders(MetricProviderRegistry.of(prometheus))
                .builtinMetrics((metric, provider, kind) -> Optional.of(new BuiltinQuery("skipper",
                        "lat{route=~\"kube_{{ namespace }}__{{ service }}_canary\"}", 1000, true)))
                .build();

        canary = engine.tick(canary).canary();
        target.shipRevision("v2");
        for (int i = 0; i < 3; i++) {
            clock.add(Duration.ofMinutes(1));
            canary = engine.tick(canary).canary();
        }

        assertThat(prometheus.queries()).extracting(q -> q.query()).containsExactly("lat{route=~\"kube_prod_eu__web_canary\"}");
        assertThat(canary.status().failedChecks()).isZero();
    }
}
