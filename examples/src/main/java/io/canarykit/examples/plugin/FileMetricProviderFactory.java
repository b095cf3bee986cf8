package io.canarykit.examples.plugin;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;

/**
 * The ServiceLoader entry of {@link FileMetricProvider}, listed in
 * {@code META-INF/services/io.canarykit.api.spi.MetricProviderFactory}; found only when the host calls
 * {@code MetricProviderRegistry.builder().discoverProviders(context)}.
 */
public final class FileMetricProviderFactory implements MetricProviderFactory {

    @Override
    public String type() {
        return FileMetricProvider.TYPE;
    }

    @Override
    public MetricProvider create(ProviderContext context) {
        return new FileMetricProvider();
    }
}
