package io.canarykit.newrelic;

import static io.canarykit.newrelic.NewRelicFixtures.QUERY_KEY;
import static io.canarykit.newrelic.NewRelicFixtures.SECRETS;
import static io.canarykit.newrelic.NewRelicFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.SecretData;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NewRelicMetricProviderTest {

    private static NewRelicMetricProvider provider() {
        return NewRelicMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build());
    }

    @Test
    void sendsTheNrqlSinceTheIntervalToTheAccountsQueryEndpointWithTheQueryKey() {
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.result("2.5"));
             NewRelicMetricProvider provider = provider()) {
            MetricResult result = provider.query(MetricQuery.now(source(stub.url()), "SELECT count(*) FROM Transaction\n"));

            assertThat(result).isEqualTo(MetricResult.value(2.5));
            assertThat(stub.last().path()).isEqualTo("/v1/accounts/1234567/query");
            assertThat(stub.last().params()).containsExactly(Map.entry("nrql", "SELECT count(*) FROM Transaction SINCE 60 seconds ago"));
            assertThat(stub.last().header("X-Query-Key")).isEqualTo(QUERY_KEY);
        }
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.result("1"));
             NewRelicMetricProvider provider = NewRelicMetricProvider.of(TestResilience.settings().secretResolver(SECRETS)
                     .build())) {
            provider.query(new MetricQuery(source(stub.url()), "SELECT 1", null, Duration.ofMinutes(5)));
            assertThat(stub.last().params().get("nrql")).isEqualTo("SELECT 1 SINCE 300 seconds ago");
        }
        assertThat(NewRelicMetricProvider.DEFAULT_ADDRESS).isEqualTo("https://insights-api.newrelic.com");
    }

    @Test
    void noResultsOrANullResultIsNoData() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok("{\"results\":[]}")); NewRelicMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url()), "q"))).isInstanceOf(MetricResult.NoData.class);
        }
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.result("null")); NewRelicMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url()), "q"))).isInstanceOf(MetricResult.NoData.class);
        }
    }

    @Test
    void aSyntaxErrorIsNotRetriedRateLimitingIsAndTheKeyNeverShows() {
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.badNrql()); NewRelicMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url()), "SELECT FROM"))).isEqualTo(MetricResult.failure(
                    "newrelic " + stub.url() + "/v1/accounts/***/query rejected the query (HTTP 400): "
                            + "NRQL Syntax Error: Error at line 1 position 8, unexpected 'FROM'", false));
            assertThat(stub.received()).hasSize(1);
        }
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> calls.incrementAndGet() == 1
                ? Reply.json(429, "{\"error\":\"Too many requests\"}").withHeader("Retry-After", "1") : NewRelicFixtures.result("4"));
             NewRelicMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url()), "q"))).isEqualTo(MetricResult.value(4));
        }
        try (StubBackend stub = new StubBackend(r -> Reply.json(401, "{\"error\":\"Invalid query key " + QUERY_KEY + "\"}"));
             NewRelicMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url()), "q"))).isInstanceOfSatisfying(MetricResult.Failure.class,
                    f -> assertThat(f.message()).contains("HTTP 401").doesNotContain(QUERY_KEY));
        }
    }

    @Test
    void aSecretWithoutTheAccountIdIsAFailureNamingTheKey() {
        try (NewRelicMetricProvider provider = NewRelicMetricProvider.of(TestResilience.settings()
                .secretResolver((ns, n) -> Optional.of(new SecretData(Map.of("newrelic_query_key", QUERY_KEY)))).build())) {
            assertThat(provider.query(MetricQuery.now(source("http://127.0.0.1:1"), "q"))).isEqualTo(
                    MetricResult.failure("secret prod/newrelic does not contain the key 'newrelic_account_id'", false));
        }
    }

    @Test
    void availabilityRunsFlaggersProbeQuery() {
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.result("1")); NewRelicMetricProvider provider = provider()) {
            assertThat(provider.isOnline(source(stub.url()))).isEqualTo(Availability.ONLINE);
            assertThat(stub.last().params().get("nrql")).isEqualTo("SELECT * FROM Metric SINCE 60 seconds ago");
        }
        try (StubBackend stub = new StubBackend(r -> NewRelicFixtures.unauthorized()); NewRelicMetricProvider provider = provider()) {
            assertThat(provider.isOnline(source(stub.url()))).isInstanceOfSatisfying(Availability.Offline.class,
                    o -> assertThat(o.reason()).contains("HTTP 401").contains("Invalid query key."));
        }
    }
}
