package io.canarykit.k8s.operator;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.core.scheduler.CanaryKey;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The informer-backed store, plus the operator's own status writes until the informer has them:
 * a tick that follows its predecessor faster than the watch delivers would otherwise read the
 * status from before that predecessor and repeat its step. While the cache still holds a
 * resourceVersion our latest write superseded (the one it was based on, or an earlier link of a
 * chain of our writes the watch has not delivered yet), reads answer the written canary; any other
 * version in the cache (our latest or a newer one) wins and the remembered write is dropped. No
 * read goes to the API.
 */
final class ReadYourWritesStore implements CanaryStore {

    private final CanaryStore cached;
    private final Map<CanaryKey, Written> written = new ConcurrentHashMap<>();

    ReadYourWritesStore(CanaryStore cached) {
        this.cached = Objects.requireNonNull(cached, "cached");
    }

    /** Our latest write and every version it supersedes. */
    private record Written(Set<String> superseded, Canary canary) {

        Written after(String basedOn, Canary next) {
            // A write based on our own previous write extends the chain; one based on anything else starts a new one.
            if (!basedOn.equals(canary.metadata().resourceVersion())) {
                return new Written(Set.of(basedOn), next);
            }
            Set<String> chain = new HashSet<>(superseded);
            chain.add(basedOn);
            return new Written(Set.copyOf(chain), next);
        }
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        CanaryKey key = new CanaryKey(namespace, name);
        Optional<Canary> fromCache = cached.canary(namespace, name);
        Written mine = written.get(key);
        if (mine == null) {
            return fromCache;
        }
        if (fromCache.isPresent() && mine.superseded().contains(String.valueOf(fromCache.get().metadata().resourceVersion()))) {
            return Optional.of(mine.canary());
        }
        written.remove(key, mine);
        return fromCache;
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return cached.metricTemplate(namespace, name);
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return cached.alertProvider(namespace, name);
    }

    @Override
    public Canary updateStatus(Canary canary, CanaryStatus status) {
        Canary stored = cached.updateStatus(canary, status);
        wrote(canary, stored);
        return stored;
    }

    /** Remembers a write made outside this store (a finalizer update) the same way. */
    void wrote(Canary before, Canary after) {
        String basedOn = before.metadata().resourceVersion();
        if (basedOn == null) {
            return;
        }
        written.compute(CanaryKey.of(before), (key, previous) -> previous == null ? new Written(Set.of(basedOn), after)
                : previous.after(basedOn, after));
    }

    void forget(CanaryKey key) {
        written.remove(key);
    }
}
