package io.canarykit.prometheus;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.prometheus.OpenMetricsHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One canary through the real engine with the real Prometheus provider, on a {@link MutableClock}
 * inside a recorded hour of history: every tick is recorded with its phase, traffic weight, verdict
 * and the wall time it took (only a fault can make that long).
 */
final class FaultRun {

    static final long T0 = 1_700_000_000L;
    static final Duration INTERVAL = Duration.ofMinutes(1);

    /** One tick as a row of the RELIABILITY.md table. */
    record Tick(int number, CanaryPhase phase, int canaryWeight, Optional<Verdict> verdict, String message, Duration wall,
                int failedChecks) {
        @Override
        public String toString() {
            return "tick " + number + " phase=" + phase + " weight=" + canaryWeight + " verdict="
                    + verdict.map(Verdict::wireName).orElse("-") + " failedChecks=" + failedChecks + " wall="
                    + wall.toMillis() + "ms" + (message.isEmpty() ? "" : " message=" + message);
        }
    }

    private final CanaryEngine engine;
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0 + 300));
    private final FakeTargetController workload = new FakeTargetController();
    private final RecordingTrafficRouter router = new RecordingTrafficRouter();
    private final List<Tick> ticks = new ArrayList<>();
    private Canary canary;

    /** An hour at 15 s resolution: pod {@code web} answers 199 of 200 requests without 5xx (99.5 %). */
    static String history() {
        OpenMetricsHistory history = OpenMetricsHistory.starting(Instant.ofEpochSecond(T0), Duration.ofSeconds(15), 240);
        history.counter("http_requests", "namespace=\"prod\",pod=\"web\",status=\"200\"", 199);
        history.counter("http_requests", "namespace=\"prod\",pod=\"web\",status=\"500\"", 1);
        return history.toOpenMetrics();
    }

    /** The canary {@code prod/web}: steps of 25 up to 50, threshold {@code threshold}, success rate ≥ 99 % from {@code address}. */
    static String manifests(String address, String name, int threshold) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: success-rate-%s
                  namespace: prod
                spec:
                  provider:
                    type: prometheus
                    address: %s
                  query: |
                    sum(rate(http_requests_total{namespace="{{ namespace }}",pod="web",status!~"5.."}[{{ interval }}]))
                    / sum(rate(http_requests_total{namespace="{{ namespace }}",pod="web"}[{{ interval }}])) * 100
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: %s
                  namespace: prod
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: %s
                  service:
                    port: 80
                  analysis:
                    interval: 1m
                    threshold: %d
                    maxWeight: 50
                    stepWeight: 25
                    metrics:
                      - name: success-rate
                        templateRef:
                          name: success-rate-%s
                          namespace: prod
                        thresholdRange:
                          min: 99
                        interval: 1m
                """.formatted(name, address, name, name, threshold, name);
    }

    FaultRun(MetricProvider provider, String address, int threshold) {
        List<CanaryResource> resources = ManifestReader.read(manifests(address, "web", threshold), "fault test").resourcesOrThrow();
        canary = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
        engine = CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload).trafficRouter(router)
                .metricProviders(MetricProviderRegistry.of(provider))
                .store(new InMemoryCanaryStore().applyAll(resources)).build();
    }

    /** Initializes, ships a new revision and ticks until the first weight is set (no checks run before that). */
    FaultRun startAnalysis() {
        tick();
        workload.shipRevision("v2");
        for (int i = 0; i < 5 && router.current().canaryWeight() == 0; i++) {
            tick();
        }
        if (router.current().canaryWeight() == 0) {
            throw new IllegalStateException("the analysis did not start: " + ticks);
        }
        return this;
    }

    /** One tick, one interval after the previous one. */
    Tick tick() {
        if (!ticks.isEmpty()) {
            clock.add(INTERVAL);
        }
        long start = System.nanoTime();
        TickResult result = engine.tick(canary);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        canary = result.canary();
        Optional<CheckResult> check = result.checks().stream().findFirst();
        Tick tick = new Tick(ticks.size(), canary.status().phase(), router.current().canaryWeight(),
                check.map(CheckResult::verdict), check.map(CheckResult::message).orElse(""), wall, canary.status().failedChecks());
        ticks.add(tick);
        return tick;
    }

    /** Ticks until the canary succeeds or fails, at most {@code max} times. */
    CanaryPhase tickToTheEnd(int max) {
        for (int i = 0; i < max; i++) {
            CanaryPhase phase = tick().phase();
            if (phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED) {
                return phase;
            }
        }
        return canary.status().phase();
    }

    List<Tick> ticks() {
        return List.copyOf(ticks);
    }

    int promotions() {
        return workload.promotions();
    }
}
