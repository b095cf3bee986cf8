package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.prometheus.StubPrometheus.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry, circuit breaker, time limit and HTTP error mapping against a misbehaving loopback server. */
class PrometheusResilienceTest {

    private static final Reply UNAVAILABLE = new Reply(503,
            "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");

    private static MetricQuery query(StubPrometheus stub) {
        return MetricQuery.now(new MetricSource("test", MetricTemplateProvider.prometheus(stub.url())), "up");
    }

    private static PrometheusMetricProvider.Builder provider() {
        return PrometheusMetricProvider.builder().retryRegistry(Resilience.retriesWithoutWait(3));
    }

    @Test
    void retriesServerErrorsThenReportsARetryableFailure() {
        try (StubPrometheus stub = new StubPrometheus(n -> UNAVAILABLE)) {
            MetricResult result = provider().build().query(query(stub));

            assertThat(stub.received()).hasSize(3);
            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.message()).contains("HTTP 503").contains("query timed out in expression evaluation");
            });
        }
    }

    @Test
    void recoversWhenARetrySucceeds() {
        try (StubPrometheus stub = new StubPrometheus(n -> n == 1 ? UNAVAILABLE : Reply.ok("7"))) {
            assertThat(provider().build().query(query(stub))).isEqualTo(MetricResult.value(7));
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void tooManyRequestsIsRetried() {
        try (StubPrometheus stub = new StubPrometheus(n -> n == 1 ? new Reply(429, "") : Reply.ok("1"))) {
            assertThat(provider().build().query(query(stub))).isEqualTo(MetricResult.value(1));
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void rejectedQueriesAreNotRetried() {
        Reply badData = new Reply(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}");
        try (StubPrometheus stub = new StubPrometheus(n -> badData)) {
            MetricResult result = provider().build().query(query(stub));

            assertThat(stub.received()).hasSize(1);
            assertThat(result).isEqualTo(MetricResult.failure("prometheus " + stub.url()
                    + "/api/v1/query rejected the query (HTTP 422): execution: many-to-many matching not allowed", false));
        }
    }

    @Test
    void connectionErrorsAreRetryableFailures() {
        StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"));
        String url = stub.url();
        stub.close();
        MetricResult result = provider().build().query(
                MetricQuery.now(new MetricSource("test", MetricTemplateProvider.prometheus(url)), "up"));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class,
                failure -> assertThat(failure.retryable()).isTrue());
    }

    @Test
    void aHangingServerIsCutOffByTheTimeLimitOnEveryAttempt() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.hang())) {
            MetricResult result = provider()
                    .timeLimiterRegistry(Resilience.timeLimit(Duration.ofMillis(100)))
                    .build()
                    .query(query(stub));

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.message()).contains("did not answer within 100 ms");
            });
            assertThat(stub.received()).hasSize(3);
        }
    }

    @Test
    void theBuilderTimeoutLimitsQueriesWithoutARegistry() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.hang())) {
            MetricResult result = provider().timeout(Duration.ofMillis(100)).build().query(query(stub));

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class,
                    failure -> assertThat(failure.message()).contains("within 100 ms"));
        }
    }

    @Test
    void anOpenCircuitFailsFastWithoutCallingTheServer() {
        try (StubPrometheus stub = new StubPrometheus(n -> UNAVAILABLE)) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                    .retryRegistry(Resilience.retriesWithoutWait(1))
                    .circuitBreakerRegistry(Resilience.breakerOpeningAfter(2))
                    .build();
            provider.query(query(stub));
            provider.query(query(stub));

            MetricResult result = provider.query(query(stub));

            assertThat(stub.received()).hasSize(2);
            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isTrue();
                assertThat(failure.message()).contains("circuit breaker").contains("open").contains(stub.url());
            });
        }
    }

    @Test
    void rejectedQueriesDoNotOpenTheCircuit() {
        try (StubPrometheus stub = new StubPrometheus(n -> n <= 3 ? new Reply(400, "") : Reply.ok("5"))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                    .retryRegistry(Resilience.retriesWithoutWait(1))
                    .circuitBreakerRegistry(Resilience.breakerOpeningAfter(2))
                    .build();
            for (int i = 0; i < 3; i++) {
                assertThat(provider.query(query(stub))).isInstanceOf(MetricResult.Failure.class);
            }

            assertThat(provider.query(query(stub))).isEqualTo(MetricResult.value(5));
        }
    }

    @Test
    void anAddressThatIsNoUrlIsANonRetryableFailure() {
        MetricResult result = PrometheusMetricProvider.ofDefaults().query(MetricQuery.now(
                new MetricSource("test", MetricTemplateProvider.prometheus("not a url")), "up"));

        assertThat(result).isEqualTo(MetricResult.failure("invalid prometheus address 'not a url'", false));
    }
}
