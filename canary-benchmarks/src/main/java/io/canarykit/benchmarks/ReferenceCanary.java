package io.canarykit.benchmarks;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.manifest.ManifestReader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The product's reference canary (examples/manifests/web.yaml: interval 1m, threshold 3, the
 * {@code error-rate} template metric, the builtin {@code request-duration}, a load-test rollout
 * hook) with a chosen strategy and number of metrics. Metrics beyond the reference two are more
 * template metrics ({@code error-rate-3}, ...) on the same template, each rendered and queried.
 */
public final class ReferenceCanary {

    public static final String NAMESPACE = "prod";
    /** Every metric answers this (percent errors, seconds of P99): inside every range, so checks pass. */
    public static final double HEALTHY_VALUE = 0.2;

    private ReferenceCanary() {
    }

    /** The {@code error-rate} MetricTemplate of namespace {@code prod}. */
    public static MetricTemplate errorRateTemplate() {
        return (MetricTemplate) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: error-rate
                  namespace: prod
                spec:
                  provider:
                    type: prometheus
                    address: http://prometheus.monitoring:9090
                  query: |
                    100 - sum(
                      rate(http_requests_total{namespace="{{ namespace }}",kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?",status!~"5.."}[{{ interval }}])
                    )
                    /
                    sum(
                      rate(http_requests_total{namespace="{{ namespace }}",kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?"}[{{ interval }}])
                    ) * 100
                """, "error-rate.yaml").resourcesOrThrow().get(0);
    }

    /** The canary {@code prod/<name>} targeting the Deployment {@code <name>}. */
    public static Canary of(String name, Strategy strategy, int metrics) {
        if (metrics < 1) {
            throw new IllegalArgumentException("a steady analysis needs at least one metric, got " + metrics);
        }
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: %1$s
                  namespace: prod
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: %1$s
                  service:
                    port: 80
                    targetPort: 8080
                  analysis:
                    interval: 1m
                    threshold: 3
                %2$s    metrics:
                %3$s    webhooks:
                      - name: load-test
                        type: rollout
                        url: http://flagger-loadtester.prod/
                        timeout: 15s
                        metadata:
                          cmd: "hey -z 1m -q 10 -c 2 http://%1$s-canary.prod:80/"
                """.formatted(name, strategy.analysisYaml(), metricsYaml(metrics));
        return (Canary) ManifestReader.read(yaml, name + ".yaml").resourcesOrThrow().get(0);
    }

    private static String metricsYaml(int count) {
        String errorRate = """
                      - name: error-rate
                        templateRef:
                          name: error-rate
                        thresholdRange:
                          max: 1
                        interval: 1m
                """;
        if (count == 1) {
            return errorRate;
        }
        String duration = """
                      - name: request-duration
                        interval: 1m
                        thresholdRange:
                          max: 500
                """;
        String more = IntStream.rangeClosed(3, count).mapToObj(i -> errorRate.replace("name: error-rate\n        templateRef",
                "name: error-rate-" + i + "\n        templateRef")).collect(Collectors.joining());
        return errorRate + duration + more;
    }
}
