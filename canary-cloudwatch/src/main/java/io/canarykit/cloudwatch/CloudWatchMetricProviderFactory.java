package io.canarykit.cloudwatch;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;

/** The opt-in ServiceLoader path to {@link CloudWatchMetricProvider} (credentials from the AWS default chain). */
public final class CloudWatchMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return CloudWatchMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return CloudWatchMetricProvider.builder().clock(context.clock()).build();
    }
}
