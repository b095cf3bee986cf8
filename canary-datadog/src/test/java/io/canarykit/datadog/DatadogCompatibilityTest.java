package io.canarykit.datadog;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.compat.MetricProviderCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/** The testkit's provider contract against a loopback server speaking Datadog's metrics query API. */
class DatadogCompatibilityTest extends MetricProviderCompatibilityKit {

    private static final StubBackend DATADOG = new StubBackend(DatadogCompatibilityTest::answer);

    private static Reply answer(StubBackend.Received request) {
        if (request.path().equals("/api/v1/validate")) {
            return Reply.ok("{\"valid\":true}");
        }
        String query = request.params().getOrDefault("query", "");
        if (query.startsWith("value:")) {
            return DatadogFixtures.series(query.substring("value:".length()));
        }
        return query.equals("empty") ? DatadogFixtures.noSeries() : DatadogFixtures.badQuery();
    }

    @AfterAll
    static void stop() {
        DATADOG.close();
    }

    @Override
    protected MetricProvider createProvider() {
        return DatadogMetricProvider.of(TestResilience.settings().secretResolver(DatadogFixtures.SECRETS).build());
    }

    @Override
    protected MetricSource source() {
        return DatadogFixtures.source(DATADOG.url());
    }

    @Override
    protected MetricSource unreachableSource() {
        return DatadogFixtures.source(StubBackend.closedUrl());
    }

    @Override
    protected String queryReturning(double value) {
        return "value:" + value;
    }

    @Override
    protected String queryWithoutData() {
        return "empty";
    }

    @Override
    protected String invalidQuery() {
        return "sum:(";
    }
}
