package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The /metrics exposition, read back with a strict parser, and the reference queries' selectors applied to it. */
class PodMetricsTest {

    private static final String CANARY_POD = "web-7d9c8b6f5-x2k4p";
    private static final String PRIMARY_POD = "web-primary-5f6b7c9d8-q8r9s";

    @Test
    void exposesRequestCountersAndACumulativeHistogramPerStatus() {
        PodMetrics metrics = new PodMetrics("prod", CANARY_POD);
        metrics.record(200, Duration.ofMillis(2));
        metrics.record(200, Duration.ofMillis(30));
        metrics.record(500, Duration.ofMillis(7));

        Exposition exposition = Exposition.parse(metrics.render());

        assertThat(exposition.types()).containsExactly(Map.entry("http_requests_total", "counter"),
                Map.entry("http_request_duration_seconds", "histogram"));
        Map<String, String> pod = Map.of("namespace", "prod", "kubernetes_pod_name", CANARY_POD);
        assertThat(exposition.value("http_requests_total", with(pod, "status", "200"))).isEqualTo(2);
        assertThat(exposition.value("http_requests_total", with(pod, "status", "500"))).isEqualTo(1);
        Map<String, String> ok = Map.of("kubernetes_namespace", "prod", "kubernetes_pod_name", CANARY_POD, "status", "200");
        assertThat(exposition.value("http_request_duration_seconds_bucket", with(ok, "le", "0.001"))).isZero();
        assertThat(exposition.value("http_request_duration_seconds_bucket", with(ok, "le", "0.0025"))).isEqualTo(1);
        assertThat(exposition.value("http_request_duration_seconds_bucket", with(ok, "le", "0.025"))).isEqualTo(1);
        assertThat(exposition.value("http_request_duration_seconds_bucket", with(ok, "le", "0.05"))).isEqualTo(2);
        assertThat(exposition.value("http_request_duration_seconds_bucket", with(ok, "le", "+Inf"))).isEqualTo(2);
        assertThat(exposition.value("http_request_duration_seconds_count", ok)).isEqualTo(2);
        assertThat(exposition.value("http_request_duration_seconds_sum", ok)).isCloseTo(0.032, org.assertj.core.data.Offset.offset(1e-9));
        List<Double> buckets = exposition.samples().stream()
                .filter(s -> s.name().equals("http_request_duration_seconds_bucket") && s.labels().get("status").equals("500"))
                .map(Exposition.Sample::value).toList();
        assertThat(buckets).hasSize(PodMetrics.BUCKETS.size() + 1).isSorted().endsWith(1.0);
    }

    @Test
    void bothStatusesExistAtZeroBeforeTheFirstRequest() {
        Exposition exposition = Exposition.parse(new PodMetrics("prod", CANARY_POD).render());

        assertThat(exposition.samples()).filteredOn(s -> s.name().equals("http_requests_total"))
                .extracting(s -> s.labels().get("status") + "=" + s.value()).containsExactly("200=0.0", "500=0.0");
        assertThat(exposition.samples()).allMatch(s -> s.value() == 0);
    }

    @Test
    void everySelectorOfTheReferenceQueriesMatchesTheCanaryPodAndNotThePrimary() {
        DemoCanary demo = DemoCanary.reference().forDemo(Duration.ofSeconds(2), DemoRun.PROMETHEUS_WINDOW, URI.create("http://127.0.0.1:1/"),
                URI.create("http://127.0.0.1:2/"));
        Set<String> queries = DemoQueries.of(demo.canary(), demo.templates(), new PrometheusBuiltinMetrics(), CanaryEngine.DEFAULT_PROVIDER)
                .keySet();
        PodMetrics canary = new PodMetrics("prod", CANARY_POD);
        canary.record(200, Duration.ofMillis(1));
        canary.record(500, Duration.ofMillis(1));
        PodMetrics primary = new PodMetrics("prod", PRIMARY_POD);
        primary.record(200, Duration.ofMillis(1));
        List<Exposition.Sample> canarySamples = Exposition.parse(canary.render()).samples();
        List<Exposition.Sample> primarySamples = Exposition.parse(primary.render()).samples();

        assertThat(queries).hasSize(2).anyMatch(q -> q.contains("http_requests_total{namespace=\"prod\","
                + "kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\",status!~\"5..\"}[1m]"))
                .anyMatch(q -> q.contains("http_request_duration_seconds_bucket{ kubernetes_namespace=\"prod\","
                        + " kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\" }[1m0s]"));
        List<PromSelectors.Selector> selectors = queries.stream().flatMap(q -> PromSelectors.of(q).selectors().stream()).toList();
        assertThat(selectors).hasSize(3);
        for (PromSelectors.Selector selector : selectors) {
            assertThat(canarySamples).as("%s on the canary", selector).anyMatch(selector::matches);
            assertThat(primarySamples).as("%s on the primary", selector).noneMatch(selector::matches);
        }
        // The error-rate numerator must leave the 500s out, or the error rate would always be 0.
        PromSelectors.Selector okOnly = PromSelectors.of(queries.stream().filter(q -> q.contains("status!~")).findFirst().orElseThrow())
                .selectors().get(0);
        assertThat(canarySamples).filteredOn(okOnly::matches).extracting(s -> s.labels().get("status")).containsOnly("200");
    }

    @Test
    void aDeploymentServesItsCountsOnMetricsAndNotesEachScrape() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        try (InProcessDeployment v2 = new InProcessDeployment("prod", CANARY_POD, Release.failingOneInFive("v2"))) {
            for (int i = 0; i < 10; i++) {
                client.send(HttpRequest.newBuilder(v2.uri()).build(), HttpResponse.BodyHandlers.discarding());
            }
            HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(v2.uri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Exposition exposition = Exposition.parse(scrape.body());
            Map<String, String> pod = Map.of("namespace", "prod", "kubernetes_pod_name", CANARY_POD);
            assertThat(exposition.value("http_requests_total", with(pod, "status", "200"))).isEqualTo(8);
            assertThat(exposition.value("http_requests_total", with(pod, "status", "500"))).isEqualTo(2);
            assertThat(v2.scrapes()).hasSize(1);
            assertThat(v2.target()).isEqualTo("127.0.0.1:" + v2.uri().getPort());
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        java.util.Map<String, String> copy = new java.util.HashMap<>(labels);
        copy.put(name, value);
        return copy;
    }
}
