package io.canarykit.api.spi;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import java.util.Optional;

/**
 * Where Canaries, MetricTemplates and AlertProviders live (the Kubernetes API, a map in memory, a
 * git checkout...). Reads may come from a cache; status writes use optimistic concurrency.
 */
public interface CanaryStore {

    /** A store that holds nothing and keeps no status: for engines driven by their caller alone. */
    CanaryStore NONE = new CanaryStore() {
        @Override
        public Optional<Canary> canary(String namespace, String name) {
            return Optional.empty();
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
        public Canary updateStatus(Canary canary, CanaryStatus status) {
            return canary.withStatus(status);
        }
    };

    Optional<Canary> canary(String namespace, String name);

    Optional<MetricTemplate> metricTemplate(String namespace, String name);

    Optional<AlertProvider> alertProvider(String namespace, String name);

    /**
     * Writes {@code status} onto the stored Canary and returns the stored result.
     *
     * @throws io.canarykit.api.ConflictException when the canary changed since it was read
     */
    Canary updateStatus(Canary canary, CanaryStatus status);
}
