package io.canarykit.api.spi;

/**
 * Creates a {@link MetricProvider}; the opt-in ServiceLoader path. Implementations have a public
 * no-arg constructor and are listed in {@code META-INF/services/io.canarykit.api.spi.MetricProviderFactory}.
 * Explicit registration stays the primary path.
 */
public interface MetricProviderFactory {

    /** The provider type this factory creates, e.g. {@code prometheus}. */
    String type();

    MetricProvider create(ProviderContext context);
}
