package io.canarykit.testkit;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store in memory with the API server's optimistic concurrency: every write bumps
 * {@code resourceVersion}, and a status write based on an older version is a conflict.
 */
public final class InMemoryCanaryStore implements CanaryStore {

    private final Map<String, Canary> canaries = new ConcurrentHashMap<>();
    private final Map<String, MetricTemplate> templates = new ConcurrentHashMap<>();
    private final Map<String, AlertProvider> alertProviders = new ConcurrentHashMap<>();
    private long version;

    /** Adds or replaces resources (as {@code kubectl apply} would). */
    public synchronized InMemoryCanaryStore apply(CanaryResource... resources) {
        for (CanaryResource resource : resources) {
            String key = resource.metadata().key();
            if (resource instanceof Canary canary) {
                canaries.put(key, canary.withMetadata(canary.metadata().withResourceVersion(Long.toString(++version))));
            } else if (resource instanceof MetricTemplate template) {
                templates.put(key, template);
            } else if (resource instanceof AlertProvider provider) {
                alertProviders.put(key, provider);
            }
        }
        return this;
    }

    public InMemoryCanaryStore applyAll(List<? extends CanaryResource> resources) {
        return apply(resources.toArray(CanaryResource[]::new));
    }

    public synchronized void delete(String namespace, String name) {
        canaries.remove(namespace + "/" + name);
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        return Optional.ofNullable(canaries.get(namespace + "/" + name));
    }

    public List<Canary> canaries() {
        return List.copyOf(canaries.values());
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return Optional.ofNullable(templates.get(namespace + "/" + name));
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return Optional.ofNullable(alertProviders.get(namespace + "/" + name));
    }

    @Override
    public synchronized Canary updateStatus(Canary canary, CanaryStatus status) {
        String key = canary.metadata().key();
        Canary stored = canaries.get(key);
        if (stored == null) {
            throw new ConflictException("memory", "canary " + key + " does not exist", null);
        }
        if (!Objects.equals(stored.metadata().resourceVersion(), canary.metadata().resourceVersion())) {
            throw new ConflictException("memory", "canary " + key + " was modified (resourceVersion "
                    + stored.metadata().resourceVersion() + ", write based on " + canary.metadata().resourceVersion() + ")", null);
        }
        Canary updated = stored.withStatus(status).withMetadata(stored.metadata().withResourceVersion(Long.toString(++version)));
        canaries.put(key, updated);
        return updated;
    }
}
