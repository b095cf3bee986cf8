package io.canarykit.newrelic;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.compat.MetricProviderCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/** The testkit's provider contract against a loopback server speaking New Relic's Insights query API. */
class NewRelicCompatibilityTest extends MetricProviderCompatibilityKit {

    private static final StubBackend NEW_RELIC = new StubBackend(NewRelicCompatibilityTest::answer);

    private static Reply answer(StubBackend.Received request) {
        String nrql = request.params().getOrDefault("nrql", "");
        if (nrql.startsWith("SELECT * FROM Metric")) {
            return NewRelicFixtures.result("1");
        }
        if (nrql.startsWith("SELECT ")) {
            return NewRelicFixtures.result(nrql.substring("SELECT ".length(), nrql.indexOf(" SINCE")));
        }
        return nrql.startsWith("EMPTY") ? Reply.ok("{\"results\":[]}") : NewRelicFixtures.badNrql();
    }

    @AfterAll
    static void stop() {
        NEW_RELIC.close();
    }

    @Override
    protected MetricProvider createProvider() {
        return NewRelicMetricProvider.of(TestResilience.settings().secretResolver(NewRelicFixtures.SECRETS).build());
    }

    @Override
    protected MetricSource source() {
        return NewRelicFixtures.source(NEW_RELIC.url());
    }

    @Override
    protected MetricSource unreachableSource() {
        return NewRelicFixtures.source(StubBackend.closedUrl());
    }

    @Override
    protected String queryReturning(double value) {
        return "SELECT " + value;
    }

    @Override
    protected String queryWithoutData() {
        return "EMPTY";
    }

    @Override
    protected String invalidQuery() {
        return "FROM";
    }
}
