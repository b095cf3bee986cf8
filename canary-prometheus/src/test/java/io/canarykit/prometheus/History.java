package io.canarykit.prometheus;

import io.canarykit.testkit.prometheus.OpenMetricsHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A deterministic 5-minute history (one sample every 15 s from {@code t0}) in OpenMetrics text:
 * <ul>
 *   <li>Istio: the canary {@code podinfo} in {@code test} serves 90 non-5xx and 10 5xx per 15 s (90 %);
 *       its latency histogram (ms) has 50 of 100 requests ≤ 50, 90 ≤ 100, 100 ≤ 250, so P99 = 100 +
 *       150 × (99 − 90) / (100 − 90) = 235 ms.</li>
 *   <li>The same histogram in seconds under {@code http_request_duration_seconds} for the canary pod
 *       {@code podinfo-5d8f7c9b4-abcde} (P99 0.235 s), plus a primary pod whose requests are all slow
 *       and must not match the HttpObserver's pod regex.</li>
 * </ul>
 */
final class History {

    private History() {
    }

    static String openMetrics(long t0) {
        OpenMetricsHistory history = OpenMetricsHistory.starting(Instant.ofEpochSecond(t0), Duration.ofSeconds(15), 20);
        history.counter("istio_requests", istio("200"), 90).counter("istio_requests", istio("500"), 10);
        history.histogram("istio_request_duration_milliseconds", istio("200"), List.of("50", "100", "250", "+Inf"),
                List.of(50, 90, 100, 100), 10);
        history.histogram("http_request_duration_seconds",
                "kubernetes_namespace=\"test\",kubernetes_pod_name=\"podinfo-5d8f7c9b4-abcde\",status=\"200\"",
                List.of("0.05", "0.1", "0.25", "+Inf"), List.of(50, 90, 100, 100), 10);
        history.histogram("http_request_duration_seconds",
                "kubernetes_namespace=\"test\",kubernetes_pod_name=\"podinfo-primary-6c7d8-xyz12\",status=\"200\"",
                List.of("0.05", "0.1", "0.25", "+Inf"), List.of(0, 0, 0, 100), 10);
        return history.toOpenMetrics();
    }

    private static String istio(String code) {
        return "reporter=\"destination\",destination_workload_namespace=\"test\",destination_workload=\"podinfo\","
                + "response_code=\"" + code + "\"";
    }
}
