package io.canarykit.benchmarks;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;

/**
 * A Prometheus that answers every query with a healthy value and remembers nothing. The testkit's
 * {@code ScriptedMetricProvider} records every query (right for tests, a leak for a fleet ticking for
 * minutes) and serialises callers on one lock; this keeps the figures about the engine.
 */
public final class SteadyMetricProvider implements MetricProvider {

    private static final MetricResult HEALTHY = MetricResult.value(ReferenceCanary.HEALTHY_VALUE);

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public MetricResult query(MetricQuery query) {
        return HEALTHY;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        return Availability.ONLINE;
    }
}
