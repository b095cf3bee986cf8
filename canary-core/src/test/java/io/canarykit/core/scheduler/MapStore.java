package io.canarykit.core.scheduler;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal store with resourceVersion checks (the testkit's store cannot be used from core's tests). */
final class MapStore implements CanaryStore {

    final Map<String, Canary> canaries = new ConcurrentHashMap<>();
    final AtomicInteger writes = new AtomicInteger();

    void put(Canary canary) {
        canaries.put(canary.metadata().key(), canary);
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        return Optional.ofNullable(canaries.get(namespace + "/" + name));
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return Optional.empty();
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return Optional.empty();
    }

    @Override
    public synchronized Canary updateStatus(Canary canary, CanaryStatus status) {
        Canary stored = canaries.get(canary.metadata().key());
        if (stored == null || !Objects.equals(stored.metadata().resourceVersion(), canary.metadata().resourceVersion())) {
            throw new ConflictException("memory", "stale write to " + canary.metadata().key(), null);
        }
        String version = Integer.toString(writes.incrementAndGet());
        Canary updated = stored.withStatus(status).withMetadata(stored.metadata().withResourceVersion(version));
        put(updated);
        return updated;
    }
}
