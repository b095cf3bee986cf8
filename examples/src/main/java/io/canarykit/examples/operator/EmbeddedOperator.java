package io.canarykit.examples.operator;

// The README's "embed the operator" snippet, quoted verbatim between the tag comments
// (checked by ReadmeSnippetsTest).
// tag::embed-operator[]
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.LeaderElection;
import io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;

public final class EmbeddedOperator {

    private EmbeddedOperator() {
    }

    /** The operator for the canaries of namespace "shop", with leader election on a Lease there. */
    public static CanaryOperator create(KubernetesClient client, MeterRegistry meterRegistry, String podName) {
        return CanaryOperator.builder(client)
                .namespaces("shop")
                .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
                .builtinMetrics(new PrometheusBuiltinMetrics())
                .leaderElection(LeaderElection.of("shop", "canarykit-operator", podName))
                .metrics(MicrometerOperatorMetrics.of(meterRegistry))   // optional; needs micrometer-core
                .build();
    }

    /** Starts it; on JVM shutdown it finishes the ticks in flight, then releases the lease. */
    public static CanaryOperator start(KubernetesClient client, MeterRegistry meterRegistry, String podName) {
        CanaryOperator operator = create(client, meterRegistry, podName);
        Runtime.getRuntime().addShutdownHook(new Thread(operator::close, "canarykit-shutdown"));
        operator.start();   // then operator.isReady(), isAlive() and isLeader() answer your probes
        return operator;
    }
}
// end::embed-operator[]
