package io.canarykit.graphite;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.compat.MetricProviderCompatibilityKit;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's provider contract against a real Graphite (graphite-web + carbon on loopback). */
class GraphiteCompatibilityTest extends MetricProviderCompatibilityKit {

    @RegisterExtension
    static final GraphiteServerExtension GRAPHITE = new GraphiteServerExtension();

    @Override
    protected MetricProvider createProvider() {
        return GraphiteMetricProvider.of(TestResilience.settings().build());
    }

    private static MetricSource at(String url) {
        return new MetricSource("prod", new MetricTemplateProvider("graphite", url, Map.of(), null, null, null));
    }

    @Override
    protected MetricSource source() {
        return at(GRAPHITE.url());
    }

    @Override
    protected MetricSource unreachableSource() {
        return at(StubBackend.closedUrl());
    }

    @Override
    protected String queryReturning(double value) {
        return "target=constantLine(" + value + ")";
    }

    @Override
    protected String queryWithoutData() {
        return "target=canarykit.nothing.here";
    }

    @Override
    protected String invalidQuery() {
        return "target=noSuchFunction(canarykit.nothing.here)";
    }
}
