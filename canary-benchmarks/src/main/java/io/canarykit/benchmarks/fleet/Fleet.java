package io.canarykit.benchmarks.fleet;

import io.canarykit.api.model.Canary;
import io.canarykit.benchmarks.ReferenceCanary;
import io.canarykit.benchmarks.SteadyEngine;
import io.canarykit.benchmarks.SteadyStore;
import io.canarykit.benchmarks.Strategy;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code size} reference canaries ({@code prod/web-00000}, ...; canary strategy, two metrics, the
 * load-test hook) in an in-memory store, each read from its own manifest as an informer would
 * decode each object, and one engine over them all.
 */
final class Fleet {

    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    final SteadyStore store = new SteadyStore(new InMemoryCanaryStore().apply(ReferenceCanary.errorRateTemplate()));
    final SteadyEngine steady = new SteadyEngine(Strategy.CANARY, clock, store);
    final List<CanaryKey> keys;

    Fleet(int size) {
        List<CanaryKey> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String name = "web-%05d".formatted(i);
            store.stored().apply(ReferenceCanary.of(name, Strategy.CANARY, 2));
            all.add(new CanaryKey(ReferenceCanary.NAMESPACE, name));
        }
        keys = List.copyOf(all);
    }

    /**
     * Initializes every canary, ships a new revision to all, ticks them into their analysis one
     * interval at a time, then freezes the store with the clock one interval on: from then on every
     * tick of every canary is the same due analysis and step ({@link SteadyStore}).
     */
    void intoAnalysis() {
        keys.forEach(this::tick);
        steady.target().shipRevision("v2");
        for (int round = 0; round < 2; round++) {
            clock.add(INTERVAL);
            keys.forEach(this::tick);
        }
        clock.add(INTERVAL);
        store.freeze();
        long steadyTicks = keys.stream().map(this::tick).filter(SteadyEngine::isSteady).count();
        if (steadyTicks != keys.size()) {
            throw new IllegalStateException("only " + steadyTicks + " of " + keys.size() + " canaries are in a steady analysis");
        }
    }

    /** What the scheduler does for one tick, without the scheduler: read, tick, write the status back. */
    TickResult tick(CanaryKey key) {
        Canary canary = store.canary(key.namespace(), key.name()).orElseThrow();
        TickResult result = steady.engine().tick(canary);
        if (result.statusChanged()) {
            store.updateStatus(canary, result.status());
        }
        return result;
    }
}
