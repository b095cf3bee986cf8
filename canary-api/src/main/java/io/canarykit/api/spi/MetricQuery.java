package io.canarykit.api.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rendered query against a source. {@code at} is the evaluation time, absent for "now" as the
 * backend sees it. {@code interval} is the metric's interval (its own, else the analysis interval for
 * a template metric, else Flagger's 1m): backends queried over a window rather than with a query that
 * names it (Datadog, New Relic, CloudWatch) cover that window, as Flagger's providers do.
 */
public record MetricQuery(MetricSource source, String query, @Nullable Instant at, Duration interval) {

    /** Flagger's default metric interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    public MetricQuery {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
    }

    /** A query over the default interval. */
    public MetricQuery(MetricSource source, String query, @Nullable Instant at) {
        this(source, query, at, DEFAULT_INTERVAL);
    }

    public static MetricQuery now(MetricSource source, String query) {
        return new MetricQuery(source, query, null);
    }
}
