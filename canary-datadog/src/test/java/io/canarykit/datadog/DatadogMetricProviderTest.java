package io.canarykit.datadog;

import static io.canarykit.datadog.DatadogFixtures.API_KEY;
import static io.canarykit.datadog.DatadogFixtures.APP_KEY;
import static io.canarykit.datadog.DatadogFixtures.SECRETS;
import static io.canarykit.datadog.DatadogFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatadogMetricProviderTest {

    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);

    private static DatadogMetricProvider provider() {
        return DatadogMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build());
    }

    @Test
    void queriesTheMetricsApiOverTenIntervalsWithBothKeysAndAnswersTheFirstPointOfTheFirstSeries() {
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.series("12.5"));
             DatadogMetricProvider provider = provider()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), "sum:requests{env:prod}.as_count()", AT));

            assertThat(result).isEqualTo(MetricResult.value(12.5));
            StubBackend.Received request = stub.last();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/api/v1/query");
            assertThat(request.params()).containsExactly(Map.entry("query", "sum:requests{env:prod}.as_count()"),
                    Map.entry("from", "1699999400"), Map.entry("to", "1700000000"));
            assertThat(request.header("DD-API-KEY")).isEqualTo(API_KEY);
            assertThat(request.header("DD-APPLICATION-KEY")).isEqualTo(APP_KEY);
        }
    }

    @Test
    void withoutAnEvaluationTimeTheWindowEndsAtTheInjectedClocksNowAndCoversTenMetricIntervals() {
        MutableClock clock = new MutableClock(AT);
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.series("1"));
             DatadogMetricProvider provider = DatadogMetricProvider.of(TestResilience.settings().secretResolver(SECRETS)
                     .clock(clock).build())) {
            provider.query(new MetricQuery(source(stub.url()), "q", null, Duration.ofMinutes(5)));

            assertThat(stub.last().params()).containsEntry("from", "1699997000").containsEntry("to", "1700000000");
        }
    }

    @Test
    void anEmptySeriesListOrPointlistOrANullPointIsNoData() {
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.noSeries()); DatadogMetricProvider provider = provider()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), "q", AT))).isInstanceOf(MetricResult.NoData.class);
        }
        try (StubBackend stub = new StubBackend(r -> Reply.ok("{\"series\":[{\"pointlist\":[]}]}")); DatadogMetricProvider provider = provider()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), "q", AT))).isInstanceOf(MetricResult.NoData.class);
        }
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.series("null")); DatadogMetricProvider provider = provider()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), "q", AT))).isInstanceOf(MetricResult.NoData.class);
        }
    }

    @Test
    void aQueryDatadogCannotParseIsANonRetryableFailureWithDatadogsMessage() {
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.badQuery()); DatadogMetricProvider provider = provider()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), "sum:(", AT));

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.message()).contains("HTTP 400").contains("Error parsing query");
            });
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void rateLimitingIsRetriedAndServerErrorsEndInARetryableFailure() {
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> calls.incrementAndGet() == 1 ? DatadogFixtures.rateLimited() : DatadogFixtures.series("3"));
             DatadogMetricProvider provider = provider()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), "q", AT))).isEqualTo(MetricResult.value(3));
            assertThat(stub.received()).hasSize(2);
        }
        try (StubBackend stub = new StubBackend(r -> Reply.json(502, "{\"errors\":[\"Bad Gateway\"]}"));
             DatadogMetricProvider provider = provider()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), "q", AT));
            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, f -> assertThat(f.retryable()).isTrue());
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void missingKeysAreNamedAndKeyValuesNeverAppearInResults() {
        try (StubBackend stub = new StubBackend(r -> Reply.json(403, "{\"errors\":[\"Forbidden: invalid key " + API_KEY + "\"]}"));
             DatadogMetricProvider provider = provider()) {
            MetricResult echoed = provider.query(new MetricQuery(source(stub.url()), "q", AT));
            assertThat(echoed).isInstanceOfSatisfying(MetricResult.Failure.class,
                    f -> assertThat(f.message()).contains("HTTP 403").doesNotContain(API_KEY).contains("***"));

            DatadogMetricProvider onlyApiKey = DatadogMetricProvider.of(TestResilience.settings()
                    .secretResolver((ns, name) -> Optional.of(new SecretData(Map.of("datadog_api_key", API_KEY)))).build());
            assertThat(onlyApiKey.query(new MetricQuery(source(stub.url()), "q", AT))).isEqualTo(MetricResult.failure(
                    "secret prod/datadog does not contain the key 'datadog_application_key'", false));
            assertThat(provider.query(new MetricQuery(new MetricSource("other", source(stub.url()).provider()), "q", AT)))
                    .isEqualTo(MetricResult.failure("secret other/datadog not found", false));
            assertThat(stub.received()).hasSize(1);
            onlyApiKey.close();
        }
    }

    @Test
    void theAddressOverridesTheSiteAndTheDefaultIsUs1() {
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.series("1")); DatadogMetricProvider provider = provider()) {
            provider.query(new MetricQuery(source(stub.url() + "/eu-proxy"), "q", AT));
            assertThat(stub.last().path()).isEqualTo("/eu-proxy/api/v1/query");
        }
        assertThat(DatadogMetricProvider.DEFAULT_ADDRESS).isEqualTo("https://api.datadoghq.com");
    }

    @Test
    void availabilityIsTheKeyValidationEndpoint() {
        try (StubBackend stub = new StubBackend(r -> r.path().equals("/api/v1/validate")
                && APP_KEY.equals(r.header("DD-APPLICATION-KEY")) ? Reply.ok("{\"valid\":true}") : DatadogFixtures.forbidden());
             DatadogMetricProvider provider = provider()) {
            assertThat(provider.isOnline(source(stub.url()))).isEqualTo(Availability.ONLINE);
            MetricSource withoutSecret = new MetricSource("prod", new MetricTemplateProvider("datadog", stub.url(), Map.of(), null, null, null));
            assertThat(provider.isOnline(withoutSecret)).isInstanceOf(Availability.Offline.class);
        }
        try (StubBackend stub = new StubBackend(r -> DatadogFixtures.forbidden()); DatadogMetricProvider provider = provider()) {
            assertThat(provider.isOnline(source(stub.url()))).isEqualTo(Availability.offline(
                    "datadog " + stub.url() + "/api/v1/validate rejected the query (HTTP 403): Forbidden"));
        }
    }
}
