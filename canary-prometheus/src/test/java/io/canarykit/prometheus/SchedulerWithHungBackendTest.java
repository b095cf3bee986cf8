package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.CanaryScheduler;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.core.scheduler.TickTimer;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One {@link CanaryScheduler} ticks four canaries on two workers; one canary's Prometheus is frozen
 * (SIGSTOP) for the whole run. The other three keep their cadence: every interval each of them ticks,
 * within a fraction of the hung provider's time limit, and they promote; the hung canary's ticks each
 * end at the provider's limit, with an error verdict, and it never promotes. Virtual time drives the
 * cadence ({@link ManualTickTimer}); only the hang itself spends wall time.
 */
class SchedulerWithHungBackendTest {

    private static final Duration TIMEOUT = Duration.ofMillis(800);
    private static final int ATTEMPTS = 2;
    private static final int ROUNDS = 7;
    private static final List<String> HEALTHY = List.of("healthy-1", "healthy-2", "healthy-3");
    private static final String HUNG = "hung";

    @Test
    void otherCanariesKeepTheirCadenceWhileOneBackendHangs() throws Exception {
        try (PrometheusProcess healthyBackend = PrometheusProcess.withHistory(FaultRun.history());
             PrometheusProcess hungBackend = PrometheusProcess.withHistory(FaultRun.history());
             PrometheusMetricProvider provider = PrometheusMetricProvider.builder().timeout(TIMEOUT)
                     .retryRegistry(Resilience.retriesWithoutWait(ATTEMPTS)).addressPolicy(AddressPolicy.STRICT).build()) {
            MutableClock clock = new MutableClock(Instant.ofEpochSecond(FaultRun.T0 + 300));
            InMemoryCanaryStore store = new InMemoryCanaryStore();
            Map<String, CanaryEngine> engines = new ConcurrentHashMap<>();
            Map<String, FakeTargetController> workloads = new ConcurrentHashMap<>();
            for (String name : concat(HEALTHY, HUNG)) {
                String address = name.equals(HUNG) ? hungBackend.url() : healthyBackend.url();
                List<CanaryResource> resources = ManifestReader.read(FaultRun.manifests(address, name, 100), name).resourcesOrThrow();
                store.applyAll(resources);
                FakeTargetController workload = new FakeTargetController();
                workloads.put(name, workload);
                engines.put(name, CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload)
                        .trafficRouter(new RecordingTrafficRouter()).metricProviders(MetricProviderRegistry.of(provider))
                        .store(store).build());
            }
            Map<String, List<Duration>> tickWall = new ConcurrentHashMap<>();
            Map<String, List<TickResult>> results = new ConcurrentHashMap<>();
            List<Exception> errors = new CopyOnWriteArrayList<>();
            Map<String, List<CountDownLatch>> ticked = new ConcurrentHashMap<>();
            for (String name : HEALTHY) {
                List<CountDownLatch> latches = new ArrayList<>();
                for (int i = 0; i <= ROUNDS + 10; i++) {
                    latches.add(new CountDownLatch(1));
                }
                ticked.put(name, latches);
            }
            long[] roundStart = {System.nanoTime()};
            Map<String, List<Duration>> healthyLatency = new ConcurrentHashMap<>();
            ManualTickTimer timer = new ManualTickTimer();
            Semaphore hungCheckEnded = new Semaphore(0);
            List<CheckResult> hungChecksDuringHang = new ArrayList<>();
            List<Duration> healthyRounds = new ArrayList<>();
            // A round is over once each healthy canary's next tick is scheduled (after its tick and its status write),
            // so that virtual time never moves past a tick that is about to be scheduled.
            Map<Thread, String> tickingOn = new ConcurrentHashMap<>();
            Map<String, Integer> reschedules = new ConcurrentHashMap<>();
            TickTimer observed = (task, delay) -> {
                TickTimer.Cancellable scheduled = timer.schedule(task, delay);
                String name = tickingOn.get(Thread.currentThread());
                if (name != null && HEALTHY.contains(name) && delay.equals(FaultRun.INTERVAL)) {
                    int count = reschedules.merge(name, 1, Integer::sum);
                    ticked.get(name).get(Math.min(count - 1, ROUNDS + 10)).countDown();
                }
                return scheduled;
            };
            CanaryScheduler scheduler = CanaryScheduler.builder().store(store).timer(observed).maxConcurrentTicks(2)
                    // The watchdog runs on the virtual timer too: a deadline shorter than the run would interrupt a hung tick.
                    .tickDeadline(Duration.ofDays(1))
                    .ticker(canary -> {
                        long start = System.nanoTime();
                        tickingOn.put(Thread.currentThread(), canary.metadata().name());
                        try {
                            return engines.get(canary.metadata().name()).tick(canary);
                        } finally {
                            tickWall.computeIfAbsent(canary.metadata().name(), k -> new CopyOnWriteArrayList<>())
                                    .add(Duration.ofNanos(System.nanoTime() - start));
                        }
                    })
                    .listener(new TickListener() {
                        @Override
                        public void onTick(CanaryKey key, TickResult result) {
                            results.computeIfAbsent(key.name(), k -> new CopyOnWriteArrayList<>()).add(result);
                            if (key.name().equals(HUNG) && !result.checks().isEmpty()) {
                                hungCheckEnded.release();
                            }
                            if (HEALTHY.contains(key.name())) {
                                healthyLatency.computeIfAbsent(key.name(), k -> new CopyOnWriteArrayList<>())
                                        .add(Duration.ofNanos(System.nanoTime() - roundStart[0]));
                            }
                        }

                        @Override
                        public void onError(CanaryKey key, Exception error) {
                            errors.add(error);
                        }
                    })
                    .build();
            try {
                hungBackend.suspend();
                concat(HEALTHY, HUNG).forEach(name -> scheduler.add(new CanaryKey("prod", name)));
                awaitRound(ticked, 0, results);
                // Initializing queries nothing, so even the hung canary's first tick ends at once.
                assertThat(scheduler.awaitIdle(Duration.ofSeconds(10))).isTrue();
                workloads.values().forEach(workload -> workload.shipRevision("v2"));

                for (int i = 1; i <= ROUNDS; i++) {
                    roundStart[0] = System.nanoTime();
                    clock.add(FaultRun.INTERVAL);
                    timer.advance(FaultRun.INTERVAL);
                    awaitRound(ticked, i, results);
                }
                healthyRounds.addAll(healthyLatency.values().stream().flatMap(l -> l.subList(1, l.size()).stream()).sorted().toList());
                // The rounds take far less wall time than one hung check: keep time moving until two hung checks ended.
                for (int i = 0; i < 20 && hungChecks(results).size() < 2; i++) {
                    roundStart[0] = System.nanoTime();
                    clock.add(FaultRun.INTERVAL);
                    timer.advance(FaultRun.INTERVAL);
                    hungCheckEnded.tryAcquire(3, TimeUnit.SECONDS);
                }
                hungChecksDuringHang.addAll(hungChecks(results));
            } finally {
                hungBackend.resume();
                scheduler.awaitIdle(Duration.ofSeconds(30));
                scheduler.close();
            }

            // Round 0 (adding the canaries) is set-up; rounds 1.. are the cadence.
            List<Duration> healthy = healthyRounds;
            List<Duration> hungTicks = tickWall.getOrDefault(HUNG, List.of());
            List<CheckResult> hungChecks = hungChecksDuringHang;
            System.out.printf("scheduler-hung-backend: %d healthy ticks, latency from due time median %d ms, max %d ms;"
                            + " hung canary: %d ticks, %d checks, wall per tick %s ms%n",
                    healthy.size(), healthy.get(healthy.size() / 2).toMillis(), healthy.get(healthy.size() - 1).toMillis(),
                    hungTicks.size(), hungChecks.size(), hungTicks.stream().map(Duration::toMillis).toList());

            assertThat(errors).isEmpty();
            for (String name : HEALTHY) {
                assertThat(healthyLatency.get(name)).as(name).hasSizeGreaterThanOrEqualTo(ROUNDS + 1);
                assertThat(store.canary("prod", name).orElseThrow().status().phase()).as(name).isEqualTo(CanaryPhase.SUCCEEDED);
                assertThat(workloads.get(name).promotions()).isEqualTo(1);
            }
            // Every healthy tick ran within less than one attempt of the hung backend: nobody waited for it.
            assertThat(healthy.get(healthy.size() - 1)).isLessThan(TIMEOUT);
            assertThat(hungChecks).isNotEmpty().allSatisfy(check -> assertThat(check.verdict()).isEqualTo(Verdict.ERROR));
            assertThat(hungChecks).hasSizeGreaterThanOrEqualTo(2);
            assertThat(hungTicks.stream().filter(wall -> wall.compareTo(TIMEOUT.multipliedBy(ATTEMPTS)) >= 0).count())
                    .as("every check of the hung canary waited for each attempt's time limit").isGreaterThanOrEqualTo(hungChecks.size());
            assertThat(hungTicks).allSatisfy(wall -> assertThat(wall).isLessThan(TIMEOUT.multipliedBy(ATTEMPTS).plusSeconds(2)));
            Canary hung = store.canary("prod", HUNG).orElseThrow();
            assertThat(hung.status().phase()).isIn(CanaryPhase.PROGRESSING, CanaryPhase.PROMOTING);
            assertThat(hung.status().canaryWeight()).as("the hung canary's traffic did not move while it hung").isLessThanOrEqualTo(50);
            assertThat(workloads.get(HUNG).promotions()).isZero();
        }
    }

    private static List<CheckResult> hungChecks(Map<String, List<TickResult>> results) {
        return results.getOrDefault(HUNG, List.of()).stream().flatMap(r -> r.checks().stream()).toList();
    }

    private static void awaitRound(Map<String, List<CountDownLatch>> ticked, int round, Map<String, List<TickResult>> results)
            throws InterruptedException {
        for (String name : HEALTHY) {
            assertThat(ticked.get(name).get(round).await(10, TimeUnit.SECONDS))
                    .as("round %d: %s ticked; its ticks: %s", round, name, results.getOrDefault(name, List.of()).stream()
                            .map(r -> r.canary().status().phase() + " after " + r.rescheduleAfter()).toList())
                    .isTrue();
        }
    }

    private static List<String> concat(List<String> names, String last) {
        List<String> all = new ArrayList<>(names);
        all.add(last);
        return all;
    }
}
