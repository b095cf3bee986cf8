package io.canarykit.testkit.compat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedMetricProvider;
import org.junit.jupiter.api.Nested;

/** The testkit's own fakes pass the kits, which proves the kits (and keeps the fakes honest). */
class FakesPassTheCompatibilityKitsTest {

    @Nested
    class RecordingTrafficRouterKit extends TrafficRouterCompatibilityKit {
        @Override
        protected TrafficRouter createRouter() {
            return new RecordingTrafficRouter();
        }
    }

    @Nested
    class ScriptedMetricProviderKit extends MetricProviderCompatibilityKit {
        private final ScriptedMetricProvider scripted = new ScriptedMetricProvider("prometheus")
                .on("vector(1) > 2", MetricResult.noData("empty vector"))
                .on("sum(", MetricResult.failure("bad_data: unclosed left parenthesis", false))
                .offline("http://127.0.0.1:1", "connection refused");

        @Override
        protected MetricProvider createProvider() {
            return scripted;
        }

        @Override
        protected MetricSource source() {
            return new MetricSource("prod", MetricTemplateProvider.prometheus("http://prometheus:9090"));
        }

        @Override
        protected MetricSource unreachableSource() {
            return new MetricSource("prod", MetricTemplateProvider.prometheus("http://127.0.0.1:1"));
        }

        @Override
        protected String queryReturning(double value) {
            String query = "vector(" + value + ")";
            scripted.values(query, value);
            return query;
        }

        @Override
        protected String queryWithoutData() {
            return "vector(1) > 2";
        }

        @Override
        protected String invalidQuery() {
            return "sum(";
        }
    }

    @Nested
    class FakeTargetControllerKit extends TargetControllerCompatibilityKit {
        private final FakeTargetController fake = new FakeTargetController();

        @Override
        protected TargetController createTarget() {
            return fake;
        }

        @Override
        protected void shipNewRevision() {
            fake.shipRevision("v2");
        }
    }
}
