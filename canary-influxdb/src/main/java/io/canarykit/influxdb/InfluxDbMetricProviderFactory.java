package io.canarykit.influxdb;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.providers.http.HttpProviderSettings;

/** The opt-in ServiceLoader path to {@link InfluxDbMetricProvider}. */
public final class InfluxDbMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return InfluxDbMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return InfluxDbMetricProvider.of(HttpProviderSettings.custom().clock(context.clock()).secretResolver(context.secrets()).build());
    }
}
