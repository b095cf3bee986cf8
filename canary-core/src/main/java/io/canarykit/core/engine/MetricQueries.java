package io.canarykit.core.engine;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;
import io.canarykit.api.model.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Sends queries to the registered provider of their type; an unknown type or a throwing provider is a failure. */
final class MetricQueries {

    private final MetricProviderRegistry providers;

    MetricQueries(MetricProviderRegistry providers) {
        this.providers = providers;
    }

    /** {@code interval} is the metric's, a Go duration as rendered into its query ({@code 1m} when unparsable). */
    MetricResult query(MetricSource source, String query, @Nullable Instant at, String interval) {
        Optional<MetricProvider> provider = providers.find(source.type());
        if (provider.isEmpty()) {
            return MetricResult.failure(unknownType(source.type()), false);
        }
        Duration window = GoDuration.tryParse(interval).filter(d -> !d.isZero() && !d.isNegative())
                .orElse(MetricQuery.DEFAULT_INTERVAL);
        try {
            return provider.get().query(new MetricQuery(source, query, at, window));
        } catch (RuntimeException e) {
            // A provider must not throw; if one does, the check fails instead of the tick.
            return MetricResult.failure(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        }
    }

    /** How the provider of {@code type} quotes text; Flagger's language for the type when none is registered. */
    QueryQuoting quoting(String type) {
        Optional<MetricProvider> provider = providers.find(type);
        return provider.isPresent() ? provider.get().quoting() : QueryQuoting.forType(type);
    }

    Optional<MetricProvider> find(String type) {
        return providers.find(type);
    }

    String unknownType(String type) {
        return "unknown metric provider type \"" + type + "\" (registered: " + String.join(", ", providers.types()) + ")";
    }
}
