package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.prometheus.internal.Observer;
import io.canarykit.testkit.prometheus.PrometheusServerExtension;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Against a real Prometheus 2.x: answer shapes, errors, time, long queries, and every builtin query. */
class PrometheusMetricProviderPrometheusTest {

    /** Start of the backfilled history (2023-11-14T22:13:20Z), far from "now". */
    private static final long T0 = 1_700_000_000L;
    private static final Instant AT = Instant.ofEpochSecond(T0 + 300);

    @RegisterExtension
    static final PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.withHistory(History.openMetrics(T0));

    private final PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults();
    private final PrometheusBuiltinMetrics builtins = new PrometheusBuiltinMetrics();

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    private MetricResult query(String promql) {
        return provider.query(MetricQuery.now(source(), promql));
    }

    private static MetricSource source() {
        return new MetricSource("test", MetricTemplateProvider.prometheus(PROMETHEUS.url()));
    }

    @Test
    void oneSeriesIsItsValue() {
        assertThat(query("vector(0.25) * 4")).isEqualTo(MetricResult.value(1.0));
    }

    @Test
    void scalarIsItsValue() {
        assertThat(query("scalar(vector(42))")).isEqualTo(MetricResult.value(42.0));
    }

    @Test
    void emptyVectorIsNoData() {
        assertThat(query("nonexistent_metric_canarykit")).isEqualTo(MetricResult.noData("no values found"));
    }

    @Test
    void nanIsNoData() {
        assertThat(query("vector(0) / vector(0)")).isEqualTo(MetricResult.noData("no values found"));
    }

    @Test
    void severalSeriesAreRefusedWithTheirCount() {
        MetricResult result = query("label_replace(vector(1), \"pod\", \"a\", \"\", \"\")"
                + " or label_replace(vector(2), \"pod\", \"b\", \"\", \"\")"
                + " or label_replace(vector(3), \"pod\", \"c\", \"\", \"\")");
        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("3 series");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void rangeVectorIsRefused() {
        MetricResult result = provider.query(new MetricQuery(source(),
                "istio_requests_total{response_code=\"200\"}[1m]", AT));
        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("range vector");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void syntaxErrorCarriesPrometheusErrorTextAndIsNotRetryable() {
        MetricResult result = query("sum(rate(http_requests_total[1m])");
        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("HTTP 400").contains("bad_data").contains("parse error");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void evaluatesAtTheRequestedTime() {
        MetricResult result = provider.query(new MetricQuery(source(), "time()", Instant.ofEpochSecond(T0, 500_000_000)));
        assertThat(result).isEqualTo(MetricResult.value(T0 + 0.5));
    }

    @Test
    void longQueriesArePostedAndAnsweredTheSame() {
        StringBuilder promql = new StringBuilder("vector(1)");
        while (promql.length() <= 2 * io.canarykit.prometheus.internal.PrometheusRequests.MAX_GET_QUERY_LENGTH) {
            promql.append(" + vector(1)");
        }
        int terms = promql.toString().split("vector").length - 1;
        MetricResult result = provider.query(new MetricQuery(source(), promql.toString(), AT));
        assertThat(result).isEqualTo(MetricResult.value(terms));
    }

    @Test
    void isOnlineWhenVectorOneAnswersOne() {
        assertThat(provider.isOnline(source())).isEqualTo(Availability.ONLINE);
    }

    @Test
    void isOfflineWhenNothingListens() {
        MetricSource nowhere = new MetricSource("test", MetricTemplateProvider.prometheus("http://127.0.0.1:1"));
        PrometheusMetricProvider quick = PrometheusMetricProvider.builder()
                .retryRegistry(Resilience.retriesWithoutWait(1)).build();
        assertThat(quick.isOnline(nowhere)).isInstanceOf(Availability.Offline.class);
    }

    @ParameterizedTest
    @EnumSource(Observer.class)
    void everyBuiltinQueryIsValidPromql(Observer observer) {
        for (String template : new String[] {observer.successRateTemplate(), observer.durationTemplate()}) {
            String rendered = Render.render(template, Map.of("namespace", "test", "target", "podinfo",
                    "service", "podinfo", "ingress", "podinfo", "route", "podinfo", "interval", "1m"));
            // No series of these names exist before T0: a parse error would be a Failure, valid PromQL is NoData.
            assertThat(provider.query(new MetricQuery(source(), rendered, Instant.ofEpochSecond(T0 - 3600))))
                    .as(rendered)
                    .isEqualTo(MetricResult.noData("no values found"));
        }
    }

    @Test
    void istioSuccessRateAndDurationOnRecordedData() {
        assertThat(builtin("request-success-rate", "istio")).isCloseTo(90.0, within(1e-9));
        assertThat(builtin("request-duration", "istio")).isCloseTo(235.0, within(1e-9));
    }

    @Test
    void kubernetesDurationIsSecondsScaledToMillisecondsAndIgnoresPrimaryPods() {
        assertThat(builtin("request-duration", "kubernetes")).isCloseTo(235.0, within(1e-9));
    }

    private double builtin(String metric, String meshProvider) {
        BuiltinQuery builtin = builtins.query(metric, meshProvider, "Deployment").orElseThrow();
        String rendered = Render.render(builtin.template(),
                Map.of("namespace", "test", "target", "podinfo", "interval", "1m"));
        MetricResult result = provider.query(new MetricQuery(source(), rendered, AT));
        assertThat(result).as(rendered).isInstanceOf(MetricResult.Value.class);
        return ((MetricResult.Value) result).value() * builtin.scale();
    }
}
