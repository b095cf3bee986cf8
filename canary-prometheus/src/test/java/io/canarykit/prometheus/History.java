package io.canarykit.prometheus;

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

    private static final int STEPS = 20;
    private static final int STEP_SECONDS = 15;

    private History() {
    }

    static String openMetrics(long t0) {
        StringBuilder om = new StringBuilder();
        om.append("# TYPE istio_requests counter\n");
        counter(om, t0, "istio_requests_total", istio("200"), 90);
        counter(om, t0, "istio_requests_total", istio("500"), 10);
        om.append("# TYPE istio_request_duration_milliseconds histogram\n");
        histogram(om, t0, "istio_request_duration_milliseconds", istio("200"),
                new String[] {"50", "100", "250", "+Inf"}, new int[] {50, 90, 100, 100});
        om.append("# TYPE http_request_duration_seconds histogram\n");
        histogram(om, t0, "http_request_duration_seconds",
                "kubernetes_namespace=\"test\",kubernetes_pod_name=\"podinfo-5d8f7c9b4-abcde\",status=\"200\"",
                new String[] {"0.05", "0.1", "0.25", "+Inf"}, new int[] {50, 90, 100, 100});
        histogram(om, t0, "http_request_duration_seconds",
                "kubernetes_namespace=\"test\",kubernetes_pod_name=\"podinfo-primary-6c7d8-xyz12\",status=\"200\"",
                new String[] {"0.05", "0.1", "0.25", "+Inf"}, new int[] {0, 0, 0, 100});
        om.append("# EOF\n");
        return om.toString();
    }

    private static String istio(String code) {
        return "reporter=\"destination\",destination_workload_namespace=\"test\",destination_workload=\"podinfo\","
                + "response_code=\"" + code + "\"";
    }

    private static void counter(StringBuilder om, long t0, String name, String labels, int perStep) {
        for (int step = 0; step <= STEPS; step++) {
            om.append(name).append('{').append(labels).append("} ").append(step * perStep)
                    .append(' ').append(t0 + (long) step * STEP_SECONDS).append('\n');
        }
    }

    private static void histogram(StringBuilder om, long t0, String name, String labels, String[] bounds, int[] perStep) {
        for (int step = 0; step <= STEPS; step++) {
            long at = t0 + (long) step * STEP_SECONDS;
            for (int i = 0; i < bounds.length; i++) {
                om.append(name).append("_bucket{").append(labels).append(",le=\"").append(bounds[i]).append("\"} ")
                        .append(step * perStep[i]).append(' ').append(at).append('\n');
            }
            om.append(name).append("_count{").append(labels).append("} ")
                    .append(step * perStep[bounds.length - 1]).append(' ').append(at).append('\n');
            om.append(name).append("_sum{").append(labels).append("} ")
                    .append(step * 10).append(' ').append(at).append('\n');
        }
    }
}
