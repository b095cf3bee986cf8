package io.canarykit.cli;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.cloudwatch.CloudWatchMetricProvider;
import io.canarykit.datadog.DatadogMetricProvider;
import io.canarykit.graphite.GraphiteMetricProvider;
import io.canarykit.influxdb.InfluxDbMetricProvider;
import io.canarykit.newrelic.NewRelicMetricProvider;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.canarykit.providers.http.HttpProviderSettings;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Every metric provider the CLI ships, built with one secret resolver and closed together: Prometheus,
 * Datadog, New Relic, Graphite, InfluxDB and CloudWatch (AWS default credentials chain).
 */
final class MetricBackends implements AutoCloseable {

    private final List<MetricProvider> providers;

    private MetricBackends(List<MetricProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    static MetricBackends create(Clock clock, SecretResolver secrets) {
        Objects.requireNonNull(secrets, "secrets");
        HttpProviderSettings http = HttpProviderSettings.custom().clock(clock).secretResolver(secrets).build();
        return new MetricBackends(List.of(
                PrometheusMetricProvider.builder().clock(clock).secretResolver(secrets).build(),
                DatadogMetricProvider.of(http),
                NewRelicMetricProvider.of(http),
                GraphiteMetricProvider.of(http),
                InfluxDbMetricProvider.of(http),
                CloudWatchMetricProvider.builder().clock(clock).build()));
    }

    List<MetricProvider> providers() {
        return providers;
    }

    @Override
    public void close() {
        for (MetricProvider provider : providers) {
            if (provider instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Closing releases threads and connections; a failure there changes no verdict.
                }
            }
        }
    }
}
