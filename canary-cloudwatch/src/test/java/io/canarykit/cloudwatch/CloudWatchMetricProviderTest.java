package io.canarykit.cloudwatch;

import static io.canarykit.cloudwatch.CloudWatchFixtures.provider;
import static io.canarykit.cloudwatch.CloudWatchFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloudWatchMetricProviderTest {

    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);
    private static final String QUERY = """
            [{"Id":"e1","Expression":"m1 / m2","Label":"ErrorRate"},
             {"Id":"m1","MetricStat":{"Metric":{"Namespace":"MyKubernetesCluster","MetricName":"ErrorCount",
               "Dimensions":[{"Name":"appName","Value":"web.prod"}]},"Period":60,"Stat":"Sum","Unit":"Count"},"ReturnData":false},
             {"Id":"m2","MetricStat":{"Metric":{"Namespace":"MyKubernetesCluster","MetricName":"RequestCount",
               "Dimensions":[{"Name":"appName","Value":"web.prod"}]},"Period":60,"Stat":"Sum","Unit":"Count"},"ReturnData":false}]
            """;

    @Test
    void sendsTheTemplatesQueriesToGetMetricDataOverTenIntervalsSignedForTheRegionAndAnswersTheFirstValue() throws Exception {
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.result("e1", 0.05, 0.5));
             CloudWatchMetricProvider provider = provider().build()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), QUERY, AT));

            assertThat(result).isEqualTo(MetricResult.value(0.05));
            StubBackend.Received request = stub.last();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/service/GraniteServiceVersion20100801/operation/GetMetricData");
            assertThat(request.header("smithy-protocol")).isEqualTo("rpc-v2-cbor");
            assertThat(request.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + CloudWatchFixtures.ACCESS_KEY + "/")
                    .contains("/ap-northeast-1/monitoring/aws4_request").doesNotContain(CloudWatchFixtures.SECRET_KEY);
            JsonNode body = CloudWatchFixtures.body(request);
            assertThat(body.path("StartTime").asLong()).isEqualTo(1_700_000_000L - 600);
            assertThat(body.path("EndTime").asLong()).isEqualTo(1_700_000_000L);
            assertThat(body.path("MaxDatapoints").asInt()).isEqualTo(20);
            assertThat(body.path("MetricDataQueries")).hasSize(3);
            assertThat(body.path("MetricDataQueries").get(1).path("MetricStat").path("Metric").path("Dimensions").get(0).path("Value").asText())
                    .isEqualTo("web.prod");
            assertThat(body.path("MetricDataQueries").get(1).path("ReturnData").asBoolean()).isFalse();
        }
    }

    @Test
    void noResultsOrNoValuesIsNoData() {
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.result("e1"));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), QUERY, AT))).isInstanceOf(MetricResult.NoData.class);
        }
    }

    @Test
    void aQueryThatIsNotAJsonArrayIsRejectedWithoutCalling() {
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.result("e1", 1));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), "{\"Id\":\"e1\"}", AT))).isEqualTo(
                    MetricResult.failure("the cloudwatch query must be a JSON array of MetricDataQuery", false));
            assertThat(stub.received()).isEmpty();
        }
    }

    @Test
    void validationErrorsAreNotRetriedThrottlingAndServerErrorsAre() {
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.error(400, "InvalidParameterValue",
                "The value m3 for parameter MetricDataQueries.member.1.Expression is not valid."));
             CloudWatchMetricProvider provider = provider().build()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), QUERY, AT));
            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, f -> {
                assertThat(f.retryable()).isFalse();
                assertThat(f.message()).contains("HTTP 400").contains("is not valid");
            });
            assertThat(stub.received()).hasSize(1);
        }
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> calls.incrementAndGet() == 1
                ? CloudWatchFixtures.error(400, "Throttling", "Rate exceeded")
                : CloudWatchFixtures.result("e1", 0.2));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), QUERY, AT))).isEqualTo(MetricResult.value(0.2));
            assertThat(stub.received()).hasSize(2);
        }
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.error(503, "ServiceUnavailable", "Service Unavailable"));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.query(new MetricQuery(source(stub.url()), QUERY, AT))).isInstanceOfSatisfying(
                    MetricResult.Failure.class, f -> assertThat(f.retryable()).isTrue());
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void aHangingEndpointTimesOutAsARetryableFailure() {
        try (StubBackend stub = new StubBackend(r -> Reply.hang());
             CloudWatchMetricProvider provider = provider().timeout(java.time.Duration.ofMillis(200)).build()) {
            MetricResult result = provider.query(new MetricQuery(source(stub.url()), QUERY, AT));
            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, f -> assertThat(f.retryable()).isTrue());
            // The client gives up on the third attempt when its timeout fires, which can be before the stub has recorded it.
            org.awaitility.Awaitility.await("the third attempt reaches the stub").atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> stub.received().size() >= 3);
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void aTemplateWithoutRegionIsRejected() {
        try (CloudWatchMetricProvider provider = provider().build()) {
            MetricSource noRegion = new MetricSource("prod", new MetricTemplateProvider("cloudwatch", null, Map.of(), null, null, null));
            assertThat(provider.query(new MetricQuery(noRegion, QUERY, AT)))
                    .isEqualTo(MetricResult.failure("the cloudwatch provider has no region", false));
        }
    }

    @Test
    void availabilityIsFlaggersEmptyRequestAnsweredWithAValidationError() {
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.error(400, "InvalidParameterCombination",
                "At least one of the parameters MetricDataQueries must be specified."));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.isOnline(source(stub.url()))).isEqualTo(Availability.ONLINE);
        }
        try (StubBackend stub = new StubBackend(r -> CloudWatchFixtures.error(403, "AccessDenied",
                "User is not authorized to perform: cloudwatch:GetMetricData"));
             CloudWatchMetricProvider provider = provider().build()) {
            assertThat(provider.isOnline(source(stub.url()))).isInstanceOfSatisfying(Availability.Offline.class,
                    o -> assertThat(o.reason()).contains("HTTP 403").contains("cloudwatch:GetMetricData"));
        }
    }
}
