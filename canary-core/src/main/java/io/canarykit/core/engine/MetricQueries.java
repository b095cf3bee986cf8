package io.canarykit.core.engine;

import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.QueryQuoting;
import io.canarykit.api.model.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Sends queries to the registered provider of their type; an unknown type or a throwing provider is a failure. */
final class MetricQueries {

    /** Enough for any set of metric intervals; past it the cache starts over. */
    private static final int MAX_CACHED = 1024;

    private final MetricProviderRegistry providers;
    /** Parsed intervals: a canary's few interval strings are parsed once, not on every query. */
    private final Map<String, Duration> windows = new ConcurrentHashMap<>();

    MetricQueries(MetricProviderRegistry providers) {
        this.providers = providers;
    }

    /** {@code interval} is the metric's, a Go duration as rendered into its query ({@code 1m} when unparsable). */
    MetricResult query(MetricSource source, String query, @Nullable Instant at, String interval) {
        Optional<MetricProvider> provider = providers.find(source.type());
        if (provider.isEmpty()) {
            return MetricResult.failure(unknownType(source.type()), false);
        }
        Duration window = windows.get(interval);
        if (window == null) {
            if (windows.size() >= MAX_CACHED) {
                windows.clear();
            }
            window = GoDuration.tryParse(interval).filter(d -> !d.isZero() && !d.isNegative()).orElse(MetricQuery.DEFAULT_INTERVAL);
            windows.put(interval, window);
        }
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
