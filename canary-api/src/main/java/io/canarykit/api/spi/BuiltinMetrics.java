package io.canarykit.api.spi;

import java.util.Optional;

/**
 * Supplies the queries of the builtin metrics {@code request-success-rate} (percent) and
 * {@code request-duration} (P99, milliseconds), chosen from the canary's provider as Flagger
 * chooses its observer.
 */
public interface BuiltinMetrics {

    /** Knows no builtin metric: such a metric then fails its check with a clear message. */
    BuiltinMetrics NONE = (metricName, provider, targetKind) -> Optional.empty();

    /**
     * The query for {@code metricName} under {@code provider} (the canary's {@code spec.provider},
     * or the controller default) for a target of {@code targetKind} ({@code Deployment},
     * {@code DaemonSet}, {@code Service}).
     */
    Optional<BuiltinQuery> query(String metricName, String provider, String targetKind);
}
