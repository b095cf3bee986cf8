package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link CanaryRuns} of every canary the dashboard watches, by {@code namespace/name}. */
final class LiveRuns {

    private final Map<String, CanaryRuns> runs = new ConcurrentHashMap<>();

    boolean observe(Canary canary, Instant now) {
        return runs.computeIfAbsent(key(canary.namespace(), canary.name()), k -> new CanaryRuns()).observe(canary, now);
    }

    Optional<CanaryRuns> of(String namespace, String name) {
        return Optional.ofNullable(runs.get(key(namespace, name)));
    }

    void forget(String namespace, String name) {
        runs.remove(key(namespace, name));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
