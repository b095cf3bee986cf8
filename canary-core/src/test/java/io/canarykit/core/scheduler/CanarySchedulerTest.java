package io.canarykit.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.core.engine.TickResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CanarySchedulerTest {

    private final ManualTimer timer = new ManualTimer();
    private final MapStore store = new MapStore();
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private CanaryScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        workers.shutdownNow();
    }

    private static Canary canary(String name) {
        return Canary.of(ObjectMeta.of("load", name).withResourceVersion("0"),
                new CanarySpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    private static TickResult result(Canary canary, boolean changed, Duration next) {
        return new TickResult(canary, changed, null, List.of(), List.of(), List.of(), List.of(), next);
    }

    @Test
    void thousandCanariesOnFourWorkersNeverOverlapTwoTicksOfOneCanary() throws Exception {
        int canaries = 1_000;
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers).ticker(c -> {
            AtomicInteger inFlight = running.computeIfAbsent(c.name(), k -> new AtomicInteger());
            if (inFlight.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            threads.add(Thread.currentThread().getName());
            ticks.computeIfAbsent(c.name(), k -> new AtomicInteger()).incrementAndGet();
            Thread.yield(); // widen the window in which an overlap would show
            inFlight.decrementAndGet();
            // Intervals of 1..5 s, so ticks of different canaries interleave.
            return result(c, false, Duration.ofSeconds(1 + Math.floorMod(c.name().hashCode(), 5)));
        }).build();
        for (int i = 0; i < canaries; i++) {
            store.put(canary("c" + i));
            scheduler.add(new CanaryKey("load", "c" + i));
        }

        // Spec changes arrive from another thread while ticks run: each asks for an immediate tick.
        Thread specChanges = new Thread(() -> {
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < canaries; i += 7) {
                    scheduler.tickNow(new CanaryKey("load", "c" + ((i + round) % canaries)));
                }
            }
        });
        specChanges.start();
        for (int second = 0; second < 30; second++) {
            timer.advance(Duration.ofSeconds(1));
            assertThat(scheduler.awaitIdle(Duration.ofSeconds(30))).isTrue();
        }
        specChanges.join();
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(30))).isTrue();

        assertThat(overlaps).hasValue(0);
        assertThat(threads).hasSizeLessThanOrEqualTo(4);
        assertThat(ticks).hasSize(canaries);
        // Every canary ticked at least once per interval over 30 virtual seconds (interval ≤ 5 s).
        assertThat(ticks.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(6));
    }

    @Test
    void aTickRequestedWhileOneRunsRunsRightAfterIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers).ticker(c -> {
            if (ticks.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return result(c, false, Duration.ofMinutes(1));
        }).build();
        store.put(canary("web"));
        scheduler.add(new CanaryKey("load", "web"));
        entered.await();

        scheduler.tickNow(new CanaryKey("load", "web"));
        scheduler.tickNow(new CanaryKey("load", "web"));
        assertThat(ticks).hasValue(1);
        release.countDown();
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(ticks).hasValue(2);
        timer.advance(Duration.ofSeconds(59));
        assertThat(ticks).hasValue(2);
        timer.advance(Duration.ofSeconds(1));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(ticks).hasValue(3);
    }

    @Test
    void aStuckTickIsInterruptedAtItsDeadlineWhileOthersGoOn() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger healthyTicks = new AtomicInteger();
        java.util.concurrent.Semaphore healthyTicked = new java.util.concurrent.Semaphore(0);
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers).tickDeadline(Duration.ofSeconds(30))
                .ticker(c -> {
                    if (c.name().equals("stuck")) {
                        stuck.countDown();
                        try {
                            new CountDownLatch(1).await(); // a backend that never answers
                        } catch (InterruptedException e) {
                            interrupted.incrementAndGet();
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted");
                        }
                    }
                    healthyTicks.incrementAndGet();
                    healthyTicked.release();
                    return result(c, false, Duration.ofSeconds(10));
                }).build();
        store.put(canary("stuck"));
        store.put(canary("healthy"));
        scheduler.add(new CanaryKey("load", "stuck"));
        scheduler.add(new CanaryKey("load", "healthy"));
        stuck.await();
        awaitHealthyTickDone(healthyTicked);

        // The healthy canary keeps its 10 s rhythm while the stuck one holds a worker; at 30 s the deadline hits.
        for (int i = 0; i < 2; i++) {
            timer.advance(Duration.ofSeconds(10));
            awaitHealthyTickDone(healthyTicked);
        }
        assertThat(interrupted).hasValue(0);
        timer.advance(Duration.ofSeconds(10));
        assertThat(healthyTicked.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(interrupted).hasValue(1);
        assertThat(healthyTicks).hasValue(4);
    }

    /** The healthy tick ran and was rescheduled: only the stuck tick is still in flight. */
    private void awaitHealthyTickDone(java.util.concurrent.Semaphore healthyTicked) throws InterruptedException {
        assertThat(healthyTicked.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (scheduler.ticksInFlight() > 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(scheduler.ticksInFlight()).isEqualTo(1);
    }

    @Test
    void persistsChangedStatusesAndRetriesSoonAfterAConflict() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers).retryAfterConflict(Duration.ofSeconds(2))
                .ticker(c -> {
                    int n = ticks.incrementAndGet();
                    if (n == 1) {
                        // Someone else updates the canary while this tick runs: this tick's write is stale.
                        store.put(c.withMetadata(c.metadata().withResourceVersion("elsewhere")));
                    }
                    CanaryStatus status = c.status().toBuilder().phase(CanaryPhase.INITIALIZED).iterations(n).build();
                    return result(c.withStatus(status), true, Duration.ofMinutes(1));
                }).build();
        store.put(canary("web"));
        scheduler.add(new CanaryKey("load", "web"));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(store.canary("load", "web").orElseThrow().status().phase()).isNull();

        timer.advance(Duration.ofSeconds(2));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();

        Canary stored = store.canary("load", "web").orElseThrow();
        assertThat(stored.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(stored.status().iterations()).isEqualTo(2);
    }

    @Test
    void removedAndDeletedCanariesStopTicking() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers)
                .ticker(c -> {
                    ticks.incrementAndGet();
                    return result(c, false, Duration.ofSeconds(10));
                }).build();
        store.put(canary("removed"));
        store.put(canary("deleted"));
        scheduler.add(new CanaryKey("load", "removed"));
        scheduler.add(new CanaryKey("load", "deleted"));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(ticks).hasValue(2);

        scheduler.remove(new CanaryKey("load", "removed"));
        store.canaries.remove("load/deleted");
        timer.advance(Duration.ofSeconds(10));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
        timer.advance(Duration.ofSeconds(60));
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(ticks).hasValue(2);
        assertThat(scheduler.scheduled()).isEmpty();
    }

    @Test
    void aTickWaitingForABusyPoolIsNotCancelledAndRunsOnceTheStuckTickIsInterrupted() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicInteger otherTicks = new AtomicInteger();
        try (CanaryScheduler one = CanaryScheduler.builder().store(store).timer(timer).workers(single)
                .tickDeadline(Duration.ofSeconds(30)).ticker(c -> {
                    if (c.name().equals("stuck")) {
                        stuck.countDown();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted");
                        }
                    }
                    otherTicks.incrementAndGet();
                    return result(c, false, Duration.ofMinutes(5));
                }).build()) {
            store.put(canary("stuck"));
            store.put(canary("other"));
            one.add(new CanaryKey("load", "stuck"));
            stuck.await();
            one.add(new CanaryKey("load", "other"));

            // The other tick waits for the only worker; its deadline has not started, so it is not lost.
            timer.advance(Duration.ofSeconds(30));
            assertThat(one.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(otherTicks).hasValue(1);
            assertThat(one.ticksInFlight()).isZero();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aCanaryRemovedAndAddedAgainDuringATickNeverTicksTwiceAtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ticks = new AtomicInteger();
        scheduler = CanaryScheduler.builder().store(store).timer(timer).workers(workers).ticker(c -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (ticks.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running.decrementAndGet();
            return result(c, false, Duration.ofMinutes(1));
        }).build();
        store.put(canary("web"));
        CanaryKey web = new CanaryKey("load", "web");
        scheduler.add(web);
        entered.await();

        scheduler.remove(web);
        assertThat(scheduler.scheduled()).isEmpty();
        scheduler.add(web);
        release.countDown();
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(overlaps).hasValue(0);
        assertThat(ticks).hasValue(2);
        assertThat(scheduler.scheduled()).containsExactly(web);
    }
}
