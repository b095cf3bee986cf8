package io.canarykit.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.providers.http.TestResilience;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a real Graphite cannot show: basic auth, rate limiting, address prefixes (a loopback stand-in). */
class GraphiteWireTest {

    private static final String PASSWORD = "s3cr3t-graphite-pass";

    private static MetricSource source(String url, boolean withSecret) {
        return new MetricSource("prod", new MetricTemplateProvider("graphite", url, Map.of(),
                withSecret ? new SecretReference("graphite-basic-auth") : null, null, null));
    }

    private static GraphiteMetricProvider provider() {
        return GraphiteMetricProvider.of(TestResilience.settings().secretResolver((ns, name) ->
                Optional.of(new SecretData(Map.of("username", "flagger", "password", PASSWORD)))).build());
    }

    @Test
    void sendsTheCollapsedQueryToRenderUnderTheAddressWithBasicAuthAndJsonFormat() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok(
                "[{\"target\":\"a\",\"datapoints\":[[1.5,1700000000],[\"2.5\",1700000060],[null,1700000120]]}]"));
             GraphiteMetricProvider provider = provider()) {
            MetricResult result = provider.query(MetricQuery.now(source(stub.url() + "/graphite", true),
                    "target=sumSeries(\n  a.{b,c}.count\n)\n&from=-5min&format=raw"));

            assertThat(result).isEqualTo(MetricResult.value(2.5));
            assertThat(stub.last().path()).isEqualTo("/graphite/render");
            assertThat(stub.last().params()).containsExactly(Map.entry("target", "sumSeries( a.{b,c}.count )"),
                    Map.entry("from", "-5min"), Map.entry("format", "json"));
            assertThat(stub.last().header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString(("flagger:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void withoutASecretRefNoAuthorizationIsSent() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok("[]")); GraphiteMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url(), false), "target=a"))).isInstanceOf(MetricResult.NoData.class);
            assertThat(stub.last().header("Authorization")).isNull();
        }
    }

    @Test
    void rateLimitingIsRetriedAndAnAuthFailureNeverShowsThePassword() {
        AtomicInteger calls = new AtomicInteger();
        try (StubBackend stub = new StubBackend(r -> calls.incrementAndGet() == 1
                ? new Reply(429, "Too Many Requests", Map.of("Retry-After", "2"))
                : Reply.ok("[{\"target\":\"a\",\"datapoints\":[[7,1700000000]]}]"));
             GraphiteMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url(), true), "target=a"))).isEqualTo(MetricResult.value(7));
            assertThat(stub.received()).hasSize(2);
        }
        try (StubBackend stub = new StubBackend(r -> new Reply(401, "bad credentials flagger:" + PASSWORD, Map.of()));
             GraphiteMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source(stub.url(), true), "target=a"))).isInstanceOfSatisfying(
                    MetricResult.Failure.class, f -> assertThat(f.message()).contains("HTTP 401").doesNotContain(PASSWORD));
        }
    }

    @Test
    void aTemplateWithoutAnAddressIsANonRetryableFailure() {
        try (GraphiteMetricProvider provider = provider()) {
            assertThat(provider.query(MetricQuery.now(source("", false), "target=a")))
                    .isEqualTo(MetricResult.failure("the graphite provider has no address", false));
        }
    }
}
