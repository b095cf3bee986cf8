package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.prometheus.OpenMetricsHistory;
import io.canarykit.testkit.prometheus.PrometheusServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The always-valid latency test's bucket queries against a real Prometheus holding histograms: a
 * canary with 20% of its requests over 250 ms, one with none, and a primary with 1%.
 */
class LatencyTestEndToEndTest {

    private static final long T0 = 1_700_000_000L;
    private static final Instant CHECK_TIME = Instant.ofEpochSecond(T0 + 300);

    @RegisterExtension
    static final PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.withHistory(history());

    /** 5 minutes at 15 s resolution, 100 requests per step for each deployment. */
    private static String history() {
        OpenMetricsHistory history = OpenMetricsHistory.starting(Instant.ofEpochSecond(T0), Duration.ofSeconds(15), 20);
        List<String> bounds = List.of("0.1", "0.25", "+Inf");
        history.histogram("http_request_duration_seconds", "deployment=\"slow\"", bounds, List.of(50, 80, 100), 20);
        history.histogram("http_request_duration_seconds", "deployment=\"fast\"", bounds, List.of(90, 100, 100), 8);
        history.histogram("http_request_duration_seconds", "deployment=\"slow-primary\"", bounds, List.of(90, 99, 100), 8);
        history.histogram("http_request_duration_seconds", "deployment=\"fast-primary\"", bounds, List.of(90, 99, 100), 8);
        return history.toOpenMetrics();
    }

    private static Canary canary(String target) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: TARGET}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: 3
                    stepWeight: 10
                    maxWeight: 50
                    metrics:
                      - name: latency-guard
                        sequential:
                          latency:
                            buckets: http_request_duration_seconds_bucket{deployment="{{ target }}"}
                            primaryBuckets: http_request_duration_seconds_bucket{deployment="{{ target }}-primary"}
                            bound: "0.25"
                            allowedSlowPercent: 1
                          cadence: 5s
                """.replace("TARGET", target);
        return (Canary) ManifestReader.read(yaml, "latency.yaml").resourcesOrThrow().get(0);
    }

    /** Two ticks to get traffic on the canary a minute before {@link #CHECK_TIME}, then the check. */
    private static TickResult check(String target) {
        MutableClock clock = new MutableClock(CHECK_TIME.minusSeconds(120));
        FakeTargetController workload = new FakeTargetController();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload)
                .trafficRouter(new RecordingTrafficRouter())
                .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
                .metricsServer(PROMETHEUS.url()).build();
        Canary canary = engine.tick(canary(target)).canary();
        workload.shipRevision("v2");
        canary = engine.tick(canary).canary();
        clock.set(CHECK_TIME.minusSeconds(60));
        canary = engine.tick(canary).canary(); // the canary gets traffic: the test counts from here
        clock.set(CHECK_TIME);
        return engine.tick(canary);
    }

    @Test
    void aCanaryWithTwentyPercentOfRequestsOverTheBoundIsRolledBackFromTheBucketCounts() {
        TickResult result = check("slow");

        CheckResult latency = result.checks().get(0);
        assertThat(latency.query())
                .contains("sum(increase(http_request_duration_seconds_bucket{deployment=\"slow\",le=\"+Inf\"}[1m0s]))")
                .contains("le=\"0.25\"");
        // 100 requests per 15 s, 20 of them over 250 ms: increase() over the minute extrapolates to 400 and 80.
        assertThat(latency.evidence().samples()).isEqualTo(400L);
        assertThat(latency.evidence().errors()).isEqualTo(80L);
        assertThat(latency.evidence().primarySamples()).isEqualTo(400L);
        assertThat(latency.evidence().primaryErrors()).isEqualTo(4L);
        assertThat(latency.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(latency.message()).contains("80 requests slower than le=0.25 in 400 requests (20%)");
        assertThat(result.status().phase()).isEqualTo(CanaryPhase.FAILED);
    }

    @Test
    void aCanaryWithNoRequestsOverTheBoundPasses() {
        TickResult result = check("fast");

        CheckResult latency = result.checks().get(0);
        assertThat(latency.evidence().samples()).isEqualTo(400L);
        assertThat(latency.evidence().errors()).isZero();
        assertThat(latency.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
    }
}
