package io.canarykit.benchmarks;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.testkit.InMemoryCanaryStore;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory store that, once {@link #freeze() frozen}, keeps every canary at the status it had:
 * a status write returns the new canary but stores nothing. The engine takes each step from the
 * stored status and holds a tick until the next step is due, so a canary frozen one interval into
 * its analysis, with the clock one interval later, analyses and steps on every tick, the same work
 * each time, for as long as a benchmark runs.
 */
public final class SteadyStore implements CanaryStore {

    private final InMemoryCanaryStore stored;
    private volatile boolean frozen;

    public SteadyStore(InMemoryCanaryStore stored) {
        this.stored = Objects.requireNonNull(stored, "stored");
    }

    public InMemoryCanaryStore stored() {
        return stored;
    }

    /** From now on status writes are answered, not stored. */
    public void freeze() {
        frozen = true;
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        return stored.canary(namespace, name);
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return stored.metricTemplate(namespace, name);
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return stored.alertProvider(namespace, name);
    }

    @Override
    public Canary updateStatus(Canary canary, CanaryStatus status) {
        return frozen ? canary.withStatus(status) : stored.updateStatus(canary, status);
    }
}
