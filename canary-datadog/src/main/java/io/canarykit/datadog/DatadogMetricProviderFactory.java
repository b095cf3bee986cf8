package io.canarykit.datadog;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.providers.http.HttpProviderSettings;

/** The opt-in ServiceLoader path to {@link DatadogMetricProvider}. */
public final class DatadogMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return DatadogMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return DatadogMetricProvider.of(HttpProviderSettings.custom().clock(context.clock()).secretResolver(context.secrets()).build());
    }
}
