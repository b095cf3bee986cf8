package io.canarykit.core.engine;

import io.canarykit.api.CanaryException;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricProviderFactory;
import io.canarykit.api.spi.ProviderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Metric providers by type id ({@code prometheus}, {@code datadog}, ...). Registration is explicit;
 * ServiceLoader discovery is opt-in. A duplicate type is an error, never a silent override, and an
 * unknown type is reported as such by the engine, never answered by a fallback provider.
 */
public final class MetricProviderRegistry {

    public static final MetricProviderRegistry EMPTY = new MetricProviderRegistry(Map.of());

    private final Map<String, MetricProvider> providers;
    /** Each provider's {@link #find} answer, made once: every check of every tick looks its provider up a few times. */
    private final Map<String, Optional<MetricProvider>> found;

    private MetricProviderRegistry(Map<String, MetricProvider> providers) {
        this.providers = Map.copyOf(providers);
        Map<String, Optional<MetricProvider>> answers = new java.util.HashMap<>();
        this.providers.forEach((type, provider) -> answers.put(type, Optional.of(provider)));
        this.found = Map.copyOf(answers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static MetricProviderRegistry of(MetricProvider... providers) {
        Builder builder = builder();
        for (MetricProvider provider : providers) {
            builder.register(provider);
        }
        return builder.build();
    }

    public Optional<MetricProvider> find(String type) {
        return found.getOrDefault(type, Optional.empty());
    }

    public Set<String> types() {
        return new java.util.TreeSet<>(providers.keySet());
    }

    /** Collects providers. */
    public static final class Builder {
        private final Map<String, MetricProvider> providers = new LinkedHashMap<>();

        public Builder register(MetricProvider provider) {
            Objects.requireNonNull(provider, "provider");
            return register(provider.type(), provider);
        }

        public Builder register(String type, MetricProvider provider) {
            if (providers.putIfAbsent(type, provider) != null) {
                throw new CanaryException("metric provider type \"" + type + "\" is registered twice");
            }
            return this;
        }

        /** Adds every {@link MetricProviderFactory} on the class path (opt-in). */
        public Builder discoverProviders(ProviderContext context) {
            for (MetricProviderFactory factory : ServiceLoader.load(MetricProviderFactory.class)) {
                register(factory.type(), factory.create(context));
            }
            return this;
        }

        public MetricProviderRegistry build() {
            return new MetricProviderRegistry(providers);
        }
    }
}
