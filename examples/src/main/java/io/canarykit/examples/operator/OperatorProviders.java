package io.canarykit.examples.operator;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.cloudwatch.CloudWatchMetricProvider;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.datadog.DatadogMetricProvider;
import io.canarykit.graphite.GraphiteMetricProvider;
import io.canarykit.influxdb.InfluxDbMetricProvider;
import io.canarykit.newrelic.NewRelicMetricProvider;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.canarykit.providers.http.HttpProviderSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every metric provider CanaryKit ships, built with the operator's Secret reads (a template's
 * {@code secretRef} resolves from its informer cache), and closed with the operator.
 */
final class OperatorProviders implements AutoCloseable {

    private final List<AutoCloseable> built = new ArrayList<>();

    /** The registry of the operator whose Secrets {@code secrets} reads. */
    synchronized MetricProviderRegistry registry(SecretResolver secrets) {
        HttpProviderSettings http = HttpProviderSettings.custom().secretResolver(secrets).build();
        return MetricProviderRegistry.of(
                keep(PrometheusMetricProvider.builder().secretResolver(secrets).build()),
                keep(DatadogMetricProvider.of(http)),
                keep(NewRelicMetricProvider.of(http)),
                keep(GraphiteMetricProvider.of(http)),
                keep(InfluxDbMetricProvider.of(http)),
                // AWS credentials come from the default chain (IRSA's web identity included), not from Secrets.
                keep(CloudWatchMetricProvider.ofDefaults()));
    }

    private <P extends MetricProvider & AutoCloseable> P keep(P provider) {
        built.add(provider);
        return provider;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable provider : built) {
            try {
                provider.close();
            } catch (Exception e) {
                // Closing releases connections; a failure to do so must not stop the others from closing.
                org.slf4j.LoggerFactory.getLogger(OperatorProviders.class).warn("closing {}: {}", provider, e.toString());
            }
        }
        built.clear();
    }
}
