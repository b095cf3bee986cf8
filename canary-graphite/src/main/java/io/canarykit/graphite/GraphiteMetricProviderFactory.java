package io.canarykit.graphite;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;
import io.canarykit.providers.http.HttpProviderSettings;

/** The opt-in ServiceLoader path to {@link GraphiteMetricProvider}. */
public final class GraphiteMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return GraphiteMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return GraphiteMetricProvider.of(HttpProviderSettings.custom().clock(context.clock()).secretResolver(context.secrets()).build());
    }
}
