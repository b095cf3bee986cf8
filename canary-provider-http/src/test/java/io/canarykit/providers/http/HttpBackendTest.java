package io.canarykit.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.providers.http.StubBackend.Reply;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class HttpBackendTest {

    private static final ResponseMapper MAPPER = answer -> HttpStatus.check("vendor", "stub", answer, Json.errorText(answer.body()))
            .orElseGet(() -> MetricResult.value(Double.parseDouble(answer.body())));

    private static MetricResult send(HttpBackend backend, StubBackend stub) {
        return backend.send("stub", new Request.Builder().url(stub.url() + "/q").build(), false, MAPPER);
    }

    @Test
    void retriesServerErrorsThenGivesUpWithARetryableFailureCarryingTheVendorsError() {
        try (StubBackend stub = new StubBackend(r -> Reply.json(503, "{\"errors\":[\"Service Unavailable\"]}"));
             HttpBackend backend = new HttpBackend("vendor", TestResilience.settings().build())) {
            MetricResult result = send(backend, stub);

            assertThat(stub.received()).hasSize(3);
            assertThat(result).isEqualTo(MetricResult.failure("vendor stub answered HTTP 503: Service Unavailable", true));
        }
    }

    @Test
    void rateLimitingIsRetriedAndTheRetryAfterHintIsReported() {
        Reply limited = Reply.json(429, "{\"errors\":[\"Rate limit of 300 requests in 3600 seconds reached.\"]}")
                .withHeader("Retry-After", "7");
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> calls.incrementAndGet() == 1 ? limited : Reply.ok("4.5"));
             HttpBackend backend = new HttpBackend("vendor", TestResilience.settings().build())) {
            assertThat(send(backend, stub)).isEqualTo(MetricResult.value(4.5));
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void theDefaultRetryWaitsWhatTheServerAsksForCappedElseBacksOffExponentially() {
        var interval = HttpProviderSettings.honouringRetryAfter(
                IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)), Duration.ofSeconds(10));

        assertThat(interval.apply(1, Either.left(new RateLimitedException("v", "429", Duration.ofSeconds(7))))).isEqualTo(7000L);
        assertThat(interval.apply(1, Either.left(new RateLimitedException("v", "429", Duration.ofSeconds(60))))).isEqualTo(10_000L);
        assertThat(interval.apply(1, Either.left(new BackendException("v", "503", true)))).isEqualTo(200L);
        assertThat(interval.apply(2, Either.left(new BackendException("v", "503", true)))).isEqualTo(400L);
    }

    @Test
    void statusMappingReadsRetryAfterAndDatadogsRateLimitReset() {
        assertThatThrownBy(() -> HttpStatus.check("vendor", "stub", new HttpAnswer(429, "", Map.of("retry-after", "3")), Optional.empty()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
        assertThatThrownBy(() -> HttpStatus.check("vendor", "stub", new HttpAnswer(429, "", Map.of("x-ratelimit-reset", "12")), Optional.empty()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(12)));
        assertThat(HttpStatus.check("vendor", "stub", new HttpAnswer(403, "", Map.of()), Optional.of("Forbidden")))
                .contains(MetricResult.failure("vendor stub rejected the query (HTTP 403): Forbidden", false));
    }

    @Test
    void clientErrorsAreNotRetried() {
        try (StubBackend stub = new StubBackend(r -> Reply.json(400, "{\"errors\":[\"bad query\"]}"));
             HttpBackend backend = new HttpBackend("vendor", TestResilience.settings().build())) {
            assertThat(send(backend, stub)).isEqualTo(MetricResult.failure("vendor stub rejected the query (HTTP 400): bad query", false));
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void aHangingBackendTimesOutAsARetryableFailure() {
        try (StubBackend stub = new StubBackend(r -> Reply.hang());
             HttpBackend backend = new HttpBackend("vendor", TestResilience.settings().retryRegistry(TestResilience.retriesWithoutWait(2))
                     .timeLimiterRegistry(TestResilience.timeLimit(Duration.ofMillis(100))).build())) {
            MetricResult result = send(backend, stub);

            assertThat(result).isEqualTo(MetricResult.failure("vendor stub did not answer within 100 ms", true));
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void theBreakerOpensAfterRepeatedServerErrorsAndStopsCallingTheBackend() {
        try (StubBackend stub = new StubBackend(r -> Reply.json(500, "{}"));
             HttpBackend backend = new HttpBackend("vendor", TestResilience.settings()
                     .retryRegistry(TestResilience.retriesWithoutWait(1)).circuitBreakerRegistry(TestResilience.breakerOpeningAfter(2)).build())) {
            send(backend, stub);
            send(backend, stub);
            MetricResult third = send(backend, stub);

            assertThat(third).isEqualTo(MetricResult.failure("circuit breaker for vendor stub is open: recent queries failed", true));
            assertThat(stub.received()).hasSize(2);
        }
    }

    @Test
    void aClosedBackendAnswersWithoutCalling() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok("1"))) {
            HttpBackend backend = new HttpBackend("vendor", TestResilience.settings().build());
            backend.close();
            assertThat(send(backend, stub)).isEqualTo(MetricResult.failure("the vendor provider is closed", false));
            assertThat(stub.received()).isEmpty();
        }
    }
}
