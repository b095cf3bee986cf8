package io.canarykit.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one demo pod exposes on {@code /metrics}, in the Prometheus text format (0.0.4): the counter
 * the reference error-rate template selects ({@code http_requests_total{namespace, kubernetes_pod_name,
 * status}}) and the histogram the builtin queries of the {@code kubernetes}/{@code gatewayapi} observer
 * select ({@code http_request_duration_seconds{kubernetes_namespace, kubernetes_pod_name, status}}).
 *
 * <p>Both statuses start at zero, as the Prometheus instrumentation guidelines advise for known label
 * values: the series then exist from the first scrape on, so {@code rate()} has a zero sample to
 * start from when the canary gets its first request, and the 200 and 500 series are always sampled
 * by the same scrapes (their rates are extrapolated alike and their ratio stays exact). Thread-safe.
 */
public final class PodMetrics {

    /** Upper bounds in seconds: finer than the client libraries' defaults below 5 ms, where loopback requests land. */
    static final List<Double> BUCKETS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    static final List<Integer> INITIAL_STATUSES = List.of(200, 500);

    private final String namespace;
    private final String podName;
    private final Map<Integer, Series> byStatus = new TreeMap<>();

    public PodMetrics(String namespace, String podName) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.podName = Objects.requireNonNull(podName, "podName");
        INITIAL_STATUSES.forEach(status -> byStatus.put(status, new Series()));
    }

    public synchronized void record(int status, Duration latency) {
        byStatus.computeIfAbsent(status, s -> new Series()).add(latency.toNanos() / 1e9);
    }

    /** The exposition, families in a fixed order, series sorted by status. */
    public synchronized String render() {
        StringBuilder text = new StringBuilder()
                .append("# HELP http_requests_total Total HTTP requests served.\n")
                .append("# TYPE http_requests_total counter\n");
        byStatus.forEach((status, series) -> text.append("http_requests_total{namespace=\"").append(namespace)
                .append("\",kubernetes_pod_name=\"").append(podName).append("\",status=\"").append(status).append("\"} ")
                .append(series.count).append('\n'));
        text.append("# HELP http_request_duration_seconds Time to answer an HTTP request.\n")
                .append("# TYPE http_request_duration_seconds histogram\n");
        byStatus.forEach((status, series) -> {
            String labels = "kubernetes_namespace=\"" + namespace + "\",kubernetes_pod_name=\"" + podName + "\",status=\"" + status + "\"";
            for (int i = 0; i < BUCKETS.size(); i++) {
                text.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(plain(BUCKETS.get(i)))
                        .append("\"} ").append(series.cumulative(i)).append('\n');
            }
            text.append("http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(series.count).append('\n')
                    .append("http_request_duration_seconds_sum{").append(labels).append("} ").append(Double.toString(series.sum)).append('\n')
                    .append("http_request_duration_seconds_count{").append(labels).append("} ").append(series.count).append('\n');
        });
        return text.toString();
    }

    /** {@code 0.0005}, not {@code 5.0E-4}: the form client libraries write, so {@code le} values look familiar. */
    private static String plain(double bound) {
        return BigDecimal.valueOf(bound).toPlainString();
    }

    /** One status's counter and histogram. */
    private static final class Series {
        private final long[] inBucket = new long[BUCKETS.size()];
        private long count;
        private double sum;

        void add(double seconds) {
            count++;
            sum += seconds;
            for (int i = 0; i < BUCKETS.size(); i++) {
                if (seconds <= BUCKETS.get(i)) {
                    inBucket[i]++;
                    return;
                }
            }
        }

        long cumulative(int bucket) {
            long total = 0;
            for (int i = 0; i <= bucket; i++) {
                total += inBucket[i];
            }
            return total;
        }
    }
}
