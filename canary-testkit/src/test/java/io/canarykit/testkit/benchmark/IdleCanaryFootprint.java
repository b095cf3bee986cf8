package io.canarykit.testkit.benchmark;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.CanaryScheduler;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Heap retained per idle canary by the engine and the scheduler: N copies of the reference canary
 * (Initialized, no new revision: every tick is idle) are put in a store and ticked once by the
 * engine; the heap is measured after a full GC, then again once a {@link CanaryScheduler} holds
 * all of them and each has ticked through it. The difference over N is what the engine's caches,
 * the scheduler's entries and their pending timer tasks keep per canary (the canaries themselves are
 * in the store both times). A plain main, not a test; run as {@link EngineTickHarness} with
 * {@code io.canarykit.testkit.benchmark.IdleCanaryFootprint [canaries]}.
 */
public final class IdleCanaryFootprint {

    private IdleCanaryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        List<CanaryResource> resources = ManifestReader.read(Files.readString(Path.of("examples/manifests/web.yaml")), "web.yaml")
                .resourcesOrThrow();
        Canary reference = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
        MetricTemplate template = resources.stream().filter(MetricTemplate.class::isInstance).map(MetricTemplate.class::cast)
                .findFirst().orElseThrow();
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryCanaryStore store = new InMemoryCanaryStore().apply(template);
        FakeTargetController target = new FakeTargetController();
        // Two engines: what initialization leaves in an engine's caches must count against the scheduled one.
        CanaryEngine initializer = engine(clock, target, store);
        CanaryEngine engine = engine(clock, target, store);
        List<CanaryKey> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Canary canary = new Canary(reference.apiVersion(), reference.kind(), ObjectMeta.of("prod", "web-" + i), reference.spec(),
                    reference.status());
            TickResult initialized = initializer.tick(canary);
            if (initialized.status().phase() != CanaryPhase.INITIALIZED) {
                throw new IllegalStateException("expected Initialized, got " + initialized.status().phase());
            }
            store.apply(initialized.canary());
            keys.add(CanaryKey.of(canary));
        }
        long before = usedAfterGc();

        CountDownLatch ticked = new CountDownLatch(n);
        CanaryScheduler scheduler = CanaryScheduler.builder().ticker(engine::tick).store(store).maxConcurrentTicks(2)
                .listener(new TickListener() {
                    @Override
                    public void onTick(CanaryKey key, TickResult result) {
                        if (result.statusChanged()) {
                            throw new IllegalStateException(key + " is not idle");
                        }
                        ticked.countDown();
                    }
                }).build();
        keys.forEach(scheduler::add);
        ticked.await();
        scheduler.awaitIdle(Duration.ofSeconds(30));
        long after = usedAfterGc();
        System.out.printf("%d idle canaries: %.0f bytes retained per canary (heap %d MB before the scheduler, %d MB after)%n", n,
                (double) (after - before) / n, before >> 20, after >> 20);
        scheduler.close();
    }

    private static CanaryEngine engine(MutableClock clock, FakeTargetController target, InMemoryCanaryStore store) {
        return CanaryEngine.builder().clock(clock).trafficRouter(new RecordingTrafficRouter()).targetController(target)
                .metricProviders(MetricProviderRegistry.of(new Online())).store(store).build();
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc(); // a full, stop-the-world collection: it has finished when it returns
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static final class Online implements MetricProvider {
        @Override
        public String type() {
            return "prometheus";
        }

        @Override
        public MetricResult query(MetricQuery query) {
            return MetricResult.value(0);
        }

        @Override
        public Availability isOnline(MetricSource source) {
            return Availability.ONLINE;
        }
    }
}
