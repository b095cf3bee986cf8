package io.canarykit.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.compat.MetricProviderCompatibilityKit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The provider contract and InfluxDB 2's /api/v2/query wire format, against a loopback InfluxDB. */
class InfluxDbContractTest extends MetricProviderCompatibilityKit {

    private static final String TOKEN = "X9tYqkVZ8o0qH3mB7nQm1fWc-influx-token==";
    private static final SecretResolver SECRETS = (ns, name) ->
            Optional.of(new SecretData(Map.of("token", TOKEN, "org", "my-org")));
    private static final StubBackend INFLUX = new StubBackend(InfluxDbContractTest::answer);

    /** A Flux result as annotated CSV, as /api/v2/query answers with the client's dialect. */
    static Reply csv(String datatype, String value) {
        return new Reply(200, """
                #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,DATATYPE,string,string
                #group,false,false,true,true,false,true,true
                #default,_result,,,,,,
                ,result,table,_start,_stop,_value,_field,_measurement
                ,,0,2023-11-14T21:13:20Z,2023-11-14T22:13:20Z,VALUE,error_rate,http

                """.replace("DATATYPE", datatype).replace("VALUE", value), Map.of("Content-Type", "text/csv; charset=utf-8"));
    }

    private static Reply answer(StubBackend.Received request) {
        String flux;
        try {
            flux = new ObjectMapper().readTree(request.body()).path("query").asText();
        } catch (Exception e) {
            return Reply.json(400, "{\"code\":\"invalid\",\"message\":\"bad body\"}");
        }
        if (flux.startsWith("VALUE ")) {
            return csv("double", flux.substring(6));
        }
        if (flux.equals(InfluxDbMetricProvider.PROBE) || flux.equals("EMPTY")) {
            return new Reply(200, "\r\n", Map.of("Content-Type", "text/csv; charset=utf-8"));
        }
        return Reply.json(400, "{\"code\":\"invalid\",\"message\":\"compilation failed: error at @1:1-1:4: invalid expression\"}");
    }

    @AfterAll
    static void stop() {
        INFLUX.close();
    }

    private static MetricSource at(String url) {
        return new MetricSource("prod", new MetricTemplateProvider("influxdb", url, Map.of(), new SecretReference("influx"), null, null));
    }

    @Override
    protected MetricProvider createProvider() {
        return InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build());
    }

    @Override
    protected MetricSource source() {
        return at(INFLUX.url());
    }

    @Override
    protected MetricSource unreachableSource() {
        return at(StubBackend.closedUrl());
    }

    @Override
    protected String queryReturning(double value) {
        return "VALUE " + value;
    }

    @Override
    protected String queryWithoutData() {
        return "EMPTY";
    }

    @Override
    protected String invalidQuery() {
        return "|> |>";
    }

    @Test
    void postsTheFluxAsTheGoClientDoesWithTheOrgAndTheToken() throws Exception {
        provider.query(MetricQuery.now(source(), "VALUE 2.5"));

        StubBackend.Received request = INFLUX.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/query");
        assertThat(request.params()).containsExactly(Map.entry("org", "my-org"));
        assertThat(request.header("Authorization")).isEqualTo("Token " + TOKEN);
        var body = new ObjectMapper().readTree(request.body());
        assertThat(body.path("type").asText()).isEqualTo("flux");
        assertThat(body.path("dialect").path("annotations").toString()).isEqualTo("[\"datatype\",\"group\",\"default\"]");
    }

    @Test
    void integersCountNullsAreNoDataStringsAreFailuresAndTheTokenNeverShows() {
        try (StubBackend stub = new StubBackend(r -> csv("long", "42"));
             InfluxDbMetricProvider p = InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build())) {
            assertThat(p.query(MetricQuery.now(at(stub.url()), "q"))).isEqualTo(MetricResult.value(42));
        }
        try (StubBackend stub = new StubBackend(r -> csv("double", ""));
             InfluxDbMetricProvider p = InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build())) {
            assertThat(p.query(MetricQuery.now(at(stub.url()), "q"))).isInstanceOf(MetricResult.NoData.class);
        }
        try (StubBackend stub = new StubBackend(r -> csv("string", "high"));
             InfluxDbMetricProvider p = InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build())) {
            assertThat(p.query(MetricQuery.now(at(stub.url()), "q"))).isEqualTo(
                    MetricResult.failure("the first record's _value is a string, not a number", false));
        }
        try (StubBackend stub = new StubBackend(r -> Reply.json(401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access " + TOKEN + "\"}"));
             InfluxDbMetricProvider p = InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build())) {
            assertThat(p.query(MetricQuery.now(at(stub.url()), "q"))).isInstanceOfSatisfying(MetricResult.Failure.class,
                    f -> assertThat(f.message()).contains("HTTP 401").doesNotContain(TOKEN));
        }
    }

    @Test
    void rateLimitingAndServerErrorsAreRetried() {
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> switch (calls.incrementAndGet()) {
                case 1 -> Reply.json(429, "{\"code\":\"too many requests\",\"message\":\"query limit reached\"}").withHeader("Retry-After", "1");
                case 2 -> Reply.json(503, "{\"code\":\"unavailable\",\"message\":\"service unavailable\"}");
                default -> csv("double", "0.5");
            });
             InfluxDbMetricProvider p = InfluxDbMetricProvider.of(TestResilience.settings().secretResolver(SECRETS).build())) {
            assertThat(p.query(MetricQuery.now(at(stub.url()), "q"))).isEqualTo(MetricResult.value(0.5));
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void availabilityRunsFlaggersProbe() {
        assertThat(provider.isOnline(source())).isEqualTo(Availability.ONLINE);
        assertThat(INFLUX.last().body()).contains("from(bucket: \\\"default\\\") |> range(start: -2h)");
    }
}
