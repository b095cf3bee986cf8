package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.prometheus.StubPrometheus.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What reaches the server: auth and custom headers; and what never leaves: the secret values. */
class PrometheusCredentialsTest {

    private static final String TOKEN = "s3cr3t-t0ken-value";

    private static SecretResolver secrets(String namespace, String name, Map<String, String> data) {
        return (ns, n) -> ns.equals(namespace) && n.equals(name) ? Optional.of(new SecretData(data)) : Optional.empty();
    }

    private static MetricSource source(String url, String secret, Map<String, List<String>> headers) {
        return new MetricSource("team-a", new MetricTemplateProvider("prometheus", url, headers,
                new SecretReference(secret), null, null));
    }

    @Test
    void sendsTheBearerTokenAndCustomHeaders() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                    .secretResolver(secrets("team-a", "prom-auth", Map.of("token", TOKEN)))
                    .build();

            MetricResult result = provider.query(MetricQuery.now(
                    source(stub.url(), "prom-auth", Map.of("X-Scope-OrgID", List.of("tenant-1", "tenant-2"))), "up"));

            assertThat(result).isEqualTo(MetricResult.value(1));
            StubPrometheus.Received request = stub.received().get(0);
            assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(request.headers().get("X-Scope-OrgID")).containsExactly("tenant-1", "tenant-2");
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri()).startsWith("/api/v1/query?query=up");
        }
    }

    @Test
    void sendsBasicAuth() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                    .secretResolver(secrets("team-a", "prom-basic", Map.of("username", "reader", "password", "pa55")))
                    .build();

            provider.query(MetricQuery.now(source(stub.url(), "prom-basic", Map.of()), "up"));

            String expected = "Basic " + Base64.getEncoder().encodeToString("reader:pa55".getBytes(StandardCharsets.UTF_8));
            assertThat(stub.received().get(0).headers().getFirst("Authorization")).isEqualTo(expected);
        }
    }

    @Test
    void aMissingSecretIsAFailureNamingIt() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"))) {
            MetricResult result = PrometheusMetricProvider.ofDefaults()
                    .query(MetricQuery.now(source(stub.url(), "prom-auth", Map.of()), "up"));

            assertThat(result).isEqualTo(MetricResult.failure("secret team-a/prom-auth not found", false));
            assertThat(stub.received()).isEmpty();
        }
    }

    @Test
    void aSecretWithoutCredentialsIsAFailureNamingItButNotItsValues() {
        PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                .secretResolver(secrets("team-a", "prom-auth", Map.of("username", "only-user")))
                .build();

        MetricResult result = provider.query(MetricQuery.now(source("http://127.0.0.1:1", "prom-auth", Map.of()), "up"));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("team-a/prom-auth").doesNotContain("only-user");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void theTokenNeverAppearsInFailuresEvenWhenTheServerEchoesIt() {
        // A proxy that echoes the request's Authorization header into its error message.
        String echo = "{\"status\":\"error\",\"errorType\":\"auth\",\"error\":\"bad credentials: Bearer " + TOKEN + "\"}";
        try (StubPrometheus stub = new StubPrometheus(n -> new Reply(n == 1 ? 401 : 500, echo))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder()
                    .secretResolver(secrets("team-a", "prom-auth", Map.of("token", TOKEN)))
                    .retryRegistry(Resilience.retriesWithoutWait(1))
                    .build();
            MetricQuery query = MetricQuery.now(source(stub.url(), "prom-auth", Map.of()), "up");

            MetricResult rejected = provider.query(query);
            MetricResult failed = provider.query(query);

            for (MetricResult result : List.of(rejected, failed)) {
                assertThat(result).isInstanceOf(MetricResult.Failure.class);
                assertThat(((MetricResult.Failure) result).message()).contains("bad credentials").doesNotContain(TOKEN);
                assertThat(result.toString()).doesNotContain(TOKEN);
            }
            assertThat(provider.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void credentialsInTheAddressNeverReachMessages() {
        MetricResult result = PrometheusMetricProvider.builder().retryRegistry(Resilience.retriesWithoutWait(1)).build()
                .query(MetricQuery.now(new MetricSource("team-a",
                        MetricTemplateProvider.prometheus("http://admin:hunter2@127.0.0.1:1")), "up"));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class,
                failure -> assertThat(failure.message()).doesNotContain("hunter2").doesNotContain("admin"));
    }
}
