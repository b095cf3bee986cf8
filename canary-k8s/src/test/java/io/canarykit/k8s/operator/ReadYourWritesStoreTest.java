package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadYourWritesStoreTest {

    /** An informer cache that lags: it shows what {@link #deliver} last handed it; writes bump the version. */
    private static final class LaggingCache implements CanaryStore {
        Canary visible;
        int version;

        LaggingCache(Canary initial) {
            visible = initial;
            version = Integer.parseInt(initial.metadata().resourceVersion());
        }

        void deliver(Canary canary) {
            visible = canary;
        }

        @Override
        public Optional<Canary> canary(String namespace, String name) {
            return Optional.of(visible);
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
            version++;
            return canary.withStatus(status).withMetadata(canary.metadata().withResourceVersion(Integer.toString(version)));
        }
    }

    private static final Canary AT_1 = atVersion(OperatorFixtures.canary("kubernetes", "", false), "1");

    private static Canary atVersion(Canary canary, String version) {
        return canary.withMetadata(canary.metadata().withResourceVersion(version));
    }

    private static Canary read(ReadYourWritesStore store) {
        return store.canary(AT_1.namespace(), AT_1.name()).orElseThrow();
    }

    private static CanaryStatus phase(Canary canary, CanaryPhase phase) {
        return canary.status().toBuilder().phase(phase).build();
    }

    @Test
    void ourLatestOfTwoWritesIsReadUntilTheWatchDeliversIt() {
        LaggingCache cache = new LaggingCache(AT_1);
        ReadYourWritesStore store = new ReadYourWritesStore(cache);

        Canary at2 = store.updateStatus(read(store), phase(AT_1, CanaryPhase.INITIALIZED));
        assertThat(read(store).metadata().resourceVersion()).isEqualTo("2");
        Canary at3 = store.updateStatus(read(store), phase(at2, CanaryPhase.PROGRESSING));

        // The cache still shows version 1: the latest write answers, not the stale cache.
        assertThat(read(store)).isEqualTo(at3);
        // The watch delivers our first write: still superseded by the second.
        cache.deliver(at2);
        assertThat(read(store)).isEqualTo(at3);
        cache.deliver(at3);
        assertThat(read(store).status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
    }

    @Test
    void aVersionWeDidNotWriteWinsAndTheRememberedWriteIsDropped() {
        LaggingCache cache = new LaggingCache(AT_1);
        ReadYourWritesStore store = new ReadYourWritesStore(cache);
        store.updateStatus(read(store), phase(AT_1, CanaryPhase.INITIALIZED));

        Canary someoneElse = atVersion(AT_1, "7");
        cache.deliver(someoneElse);
        assertThat(read(store)).isEqualTo(someoneElse);
        // Dropped for good: even if the cache went back to an old version, it is what is read.
        cache.deliver(AT_1);
        assertThat(read(store)).isEqualTo(AT_1);
    }
}
