package io.canarykit.newrelic;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.providers.http.HttpProviderSettings;

/** The opt-in ServiceLoader path to {@link NewRelicMetricProvider}. */
public final class NewRelicMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return NewRelicMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return NewRelicMetricProvider.of(HttpProviderSettings.custom().clock(context.clock()).secretResolver(context.secrets()).build());
    }
}
