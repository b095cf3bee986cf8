package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.MetricTemplateSpec;
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
import java.io.IOException;
import java.nio.file.Path;
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
        StringBuilder om = new StringBuilder("# TYPE http_requests counter\n");
        requests(om, "web-bad-5d8f7c9b4-abcde", 80, 20);
        requests(om, "web-good-5d8f7c9b4-fghij", 199, 1);
        requests(om, "web-bad-primary-6c7d8-xyz12", 0, 100);
        om.append("# TYPE http_request_duration_seconds histogram\n");
        for (String pod : List.of("web-bad-5d8f7c9b4-abcde", "web-good-5d8f7c9b4-fghij")) {
            String labels = "kubernetes_namespace=\"prod\",kubernetes_pod_name=\"" + pod + "\"";
            String[] bounds = {"0.05", "0.1", "0.25", "+Inf"};
            int[] perStep = {50, 90, 100, 100};
            for (int step = 0; step <= 20; step++) {
                long at = T0 + step * 15L;
                for (int i = 0; i < bounds.length; i++) {
                    om.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(bounds[i])
                            .append("\"} ").append(step * perStep[i]).append(' ').append(at).append('\n');
                }
                om.append("http_request_duration_seconds_count{").append(labels).append("} ").append(step * 100).append(' ')
                        .append(at).append('\n');
                om.append("http_request_duration_seconds_sum{").append(labels).append("} ").append(step * 10).append(' ')
                        .append(at).append('\n');
            }
        }
        return om.append("# EOF\n").toString();
    }

    private static void requests(StringBuilder om, String pod, int okPerStep, int errorsPerStep) {
        for (String status : List.of("200", "500")) {
            int perStep = status.equals("200") ? okPerStep : errorsPerStep;
            for (int step = 0; step <= 20; step++) {
                om.append("http_requests_total{namespace=\"prod\",kubernetes_pod_name=\"").append(pod).append("\",status=\"")
                        .append(status).append("\"} ").append(step * perStep).append(' ').append(T0 + step * 15L).append('\n');
            }
        }
    }

    private TickResult firstCheck(String target) throws IOException {
        List<?> resources = ManifestReader.read(Path.of("../examples/manifests/web.yaml")).resourcesOrThrow();
        MetricTemplate reference = (MetricTemplate) resources.get(0);
        Canary canary = (Canary) resources.get(1);
        // Point the reference template at the test server, and the canary at the recorded target.
        MetricTemplate template = MetricTemplate.of(reference.metadata(), new MetricTemplateSpec(
                MetricTemplateProvider.prometheus(PROMETHEUS.url()), reference.spec().query()));
        CanarySpec spec = canary.spec();
        canary = canary.withSpec(new CanarySpec(spec.provider(), spec.metricsServer(),
                new LocalObjectReference("apps/v1", "Deployment", target), spec.autoscalerRef(), spec.ingressRef(), spec.routeRef(),
                spec.upstreamRef(), spec.service(), spec.analysis(), spec.canaryAnalysis(), spec.progressDeadlineSeconds(),
                spec.skipAnalysis(), spec.revertOnDeletion(), spec.suspend()));

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
}
