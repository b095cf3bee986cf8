package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.prometheus.OpenMetricsHistory;
import io.canarykit.testkit.prometheus.PrometheusServerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The product's reference manifests (examples/manifests/web.yaml) through the real engine against a
 * real Prometheus holding a recorded history: one canary answering 20% of requests with 5xx, one
 * with 0.5%. The engine evaluates at the tick's time, so every value is exact.
 */
class ReferenceTemplateEndToEndTest {

    private static final long T0 = 1_700_000_000L;
    private static final Instant CHECK_TIME = Instant.ofEpochSecond(T0 + 300);

    @RegisterExtension
    static final PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.withHistory(history());

    /** 5 minutes at 15 s resolution: http_requests_total and latency buckets for two canaries and a primary. */
    private static String history() {
        OpenMetricsHistory history = OpenMetricsHistory.starting(Instant.ofEpochSecond(T0), Duration.ofSeconds(15), 20);
        requests(history, "web-bad-5d8f7c9b4-abcde", 80, 20);
        requests(history, "web-good-5d8f7c9b4-fghij", 199, 1);
        requests(history, "web-bad-primary-6c7d8-xyz12", 0, 100);
        for (String pod : List.of("web-bad-5d8f7c9b4-abcde", "web-good-5d8f7c9b4-fghij")) {
            // P99 = 100 ms + 150 ms × (99 − 90) / (100 − 90) = 235 ms.
            history.histogram("http_request_duration_seconds", "kubernetes_namespace=\"prod\",kubernetes_pod_name=\"" + pod + "\"",
                    List.of("0.05", "0.1", "0.25", "+Inf"), List.of(50, 90, 100, 100), 10);
        }
        return history.toOpenMetrics();
    }

    private static void requests(OpenMetricsHistory history, String pod, int okPerStep, int errorsPerStep) {
        String labels = "namespace=\"prod\",kubernetes_pod_name=\"" + pod + "\",status=";
        history.counter("http_requests", labels + "\"200\"", okPerStep);
        history.counter("http_requests", labels + "\"500\"", errorsPerStep);
    }

    private TickResult firstCheck(String target) throws IOException {
        List<?> resources = ManifestReader.read(Path.of("../examples/manifests/web.yaml")).resourcesOrThrow();
        MetricTemplate reference = (MetricTemplate) resources.get(0);
        Canary canary = (Canary) resources.get(1);
        // Point the reference template at the test server, and the canary at the recorded target.
        MetricTemplate template = reference.withAddress(PROMETHEUS.url());
        canary = canary.withSpec(canary.spec().withTargetRef(new LocalObjectReference("apps/v1", "Deployment", target)));

        MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0));
        FakeTargetController workload = new FakeTargetController();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload)
                .trafficRouter(new RecordingTrafficRouter())
                .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
                .builtinMetrics(new PrometheusBuiltinMetrics()).metricsServer(PROMETHEUS.url())
                .store(new InMemoryCanaryStore().apply(template)).build();
        canary = engine.tick(canary).canary();
        workload.shipRevision("v2");
        canary = engine.tick(canary).canary(); // new revision → Progressing
        clock.set(Instant.ofEpochSecond(T0 + 60)); // the first step is due one interval after Progressing
        canary = engine.tick(canary).canary(); // pre-rollout, weight 10
        clock.set(CHECK_TIME);
        return engine.tick(canary);
    }

    @Test
    void aCanaryAnsweringTwentyPercentFiveHundredsFailsTheReferenceErrorRateCheck() throws IOException {
        TickResult result = firstCheck("web-bad");

        assertThat(result.checks()).as("events %s", result.events()).hasSize(2);
        CheckResult duration = result.checks().get(0);
        assertThat(duration.metric()).isEqualTo("request-duration");
        assertThat(duration.value()).isEqualTo(235.0);
        assertThat(duration.verdict()).isEqualTo(Verdict.PASS);
        CheckResult errorRate = result.checks().get(1);
        assertThat(errorRate.metric()).isEqualTo("error-rate");
        assertThat(errorRate.value()).isCloseTo(20.0, within(1e-9));
        assertThat(errorRate.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(errorRate.query()).contains("kubernetes_pod_name=~\"web-bad-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\"");
        assertThat(result.status().failedChecks()).isEqualTo(1);
    }

    @Test
    void aCanaryAnsweringHalfAPercentFiveHundredsPassesAndAdvances() throws IOException {
        TickResult result = firstCheck("web-good");

        assertThat(result.checks()).extracting(CheckResult::verdict).containsExactly(Verdict.PASS, Verdict.PASS);
        assertThat(result.checks().get(1).value()).isCloseTo(0.5, within(1e-9));
        assertThat(result.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
        assertThat(result.appliedRoutes()).hasValueSatisfying(r -> assertThat(r.canaryWeight()).isEqualTo(20));
    }

    @Test
    void aSequentialTestCountsRequestsWithIncreaseQueriesAndRollsBackTheTwentyPercentCanary() throws IOException {
        List<?> resources = ManifestReader.read(Path.of("../examples/manifests/web.yaml")).resourcesOrThrow();
        Canary reference = (Canary) resources.get(1);
        String pods = "namespace=\"prod\",kubernetes_pod_name=~\"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\"";
        CanaryMetric sequential = CanaryMetric.sequential("error-sprt", new SequentialTest(
                "sum(increase(http_requests_total{" + pods + "}[{{ elapsed }}]))",
                "sum(increase(http_requests_total{" + pods + ",status=~\"5..\"}[{{ elapsed }}]))",
                null, null, 1.0, 2.0, 0.01, 0.95, "5s", null));
        CanaryAnalysis analysis = reference.analysis();
        Canary canary = reference.withSpec(new CanarySpec(null, null, new LocalObjectReference("apps/v1", "Deployment", "web-bad"),
                null, null, null, null, reference.spec().service(), new CanaryAnalysis(analysis.interval(), null, null, null,
                analysis.maxWeight(), analysis.stepWeight(), null, null, analysis.threshold(), null, null, null, List.of(sequential),
                null, null, null, null), null, null, null, null, null));
        MutableClock clock = new MutableClock(CHECK_TIME.minusSeconds(120));
        FakeTargetController workload = new FakeTargetController();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload)
                .trafficRouter(new RecordingTrafficRouter())
                .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
                .metricsServer(PROMETHEUS.url()).build();
        canary = engine.tick(canary).canary();
        workload.shipRevision("v2");
        canary = engine.tick(canary).canary();
        clock.set(CHECK_TIME.minusSeconds(60));
        canary = engine.tick(canary).canary(); // the canary gets traffic: the sequential test counts from here

        clock.set(CHECK_TIME);
        TickResult result = engine.tick(canary);

        CheckResult check = result.checks().get(0);
        assertThat(check.query()).contains("increase(http_requests_total{namespace=\"prod\",kubernetes_pod_name=~\"web-bad-");
        assertThat(check.query()).contains("[1m0s]");
        // 100 requests, 20 of them 5xx, per 15 s: increase() over the minute extrapolates to 400 and 80.
        assertThat(check.evidence().samples()).isEqualTo(400L);
        assertThat(check.evidence().errors()).isEqualTo(80L);
        assertThat(check.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.status().phase()).isEqualTo(CanaryPhase.FAILED);
    }
}
