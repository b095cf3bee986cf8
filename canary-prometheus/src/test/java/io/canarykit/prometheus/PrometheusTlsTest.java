package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.testkit.http.SelfSignedTls;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TLS: a self-signed server is refused with the system trust store and accepted only with insecureSkipVerify. */
class PrometheusTlsTest {

    private static final String ANSWER =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}}";

    private static HttpsServer server;

    @BeforeAll
    static void startSelfSignedServer() {
        server = SelfSignedTls.server(exchange -> {
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static MetricQuery query(boolean insecureSkipVerify) {
        String address = "https://127.0.0.1:" + server.getAddress().getPort();
        return MetricQuery.now(new MetricSource("test",
                new MetricTemplateProvider("prometheus", address, Map.of(), null, null, insecureSkipVerify)), "up");
    }

    @Test
    void refusesAnUntrustedCertificateWithoutRetrying() {
        MetricResult result = PrometheusMetricProvider.builder()
                .retryRegistry(Resilience.retriesWithoutWait(3)).build().query(query(false));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("failed TLS verification");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void acceptsItWhenTheProviderSkipsVerification() {
        PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults();

        assertThat(provider.query(query(true))).isEqualTo(MetricResult.value(3));
        assertThat(provider.query(query(false))).isInstanceOf(MetricResult.Failure.class);
    }
}
