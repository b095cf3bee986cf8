package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.prometheus.StubPrometheus.Reply;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** {@code close()}: releases what the provider created, never what the user handed it. */
class PrometheusMetricProviderCloseTest {

    private static MetricSource source(StubPrometheus stub) {
        return new MetricSource("test", MetricTemplateProvider.prometheus(stub.url()));
    }

    @Test
    void queriesAfterCloseAreANonRetryableFailureWithoutARequest() {
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults();
            assertThat(provider.query(MetricQuery.now(source(stub), "up"))).isEqualTo(MetricResult.value(1));

            provider.close();

            assertThat(provider.query(MetricQuery.now(source(stub), "up")))
                    .isEqualTo(MetricResult.failure("the prometheus provider is closed", false));
            assertThat(provider.isOnline(source(stub)))
                    .isEqualTo(Availability.offline("the prometheus provider is closed"));
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults();

        provider.close();
        provider.close();
    }

    @Test
    void aUserSuppliedClientIsStillUsableAfterClose() throws IOException {
        OkHttpClient user = new OkHttpClient();
        try (StubPrometheus stub = new StubPrometheus(n -> Reply.ok("1"))) {
            PrometheusMetricProvider provider = PrometheusMetricProvider.builder().okHttpClient(user).build();
            assertThat(provider.query(MetricQuery.now(source(stub), "up"))).isEqualTo(MetricResult.value(1));

            provider.close();

            assertThat(user.dispatcher().executorService().isShutdown()).isFalse();
            try (Response response = user.newCall(new Request.Builder().url(stub.url() + "/api/v1/query?query=up").build())
                    .execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            // Enqueued calls need the dispatcher, which must still run.
            PrometheusMetricProvider another = PrometheusMetricProvider.builder().okHttpClient(user).build();
            assertThat(another.query(MetricQuery.now(source(stub), "up"))).isEqualTo(MetricResult.value(1));
            another.close();
        } finally {
            user.dispatcher().executorService().shutdown();
            user.connectionPool().evictAll();
        }
    }
}
