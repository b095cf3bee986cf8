package io.canarykit.api.spi;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rendered query against a source. {@code at} is the evaluation time, absent for "now" as the
 * backend sees it.
 */
public record MetricQuery(MetricSource source, String query, @Nullable Instant at) {

    public MetricQuery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(query, "query");
    }

    public static MetricQuery now(MetricSource source, String query) {
        return new MetricQuery(source, query, null);
    }
}
