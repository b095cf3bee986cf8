package io.canarykit.providers.http;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one canary through the real {@link CanaryEngine} with a real provider, on a
 * {@link MutableClock}: the manifests (a MetricTemplate as Flagger's docs show it, and a Canary using
 * it) are read as YAML, a new revision is shipped, and the engine ticks until the canary succeeds or
 * fails. Queries are evaluated at tick time.
 */
public final class EngineRun {

    /** Where the run ended and what it saw. */
    public record Outcome(CanaryPhase phase, List<Integer> canaryWeights, String primaryRevision, List<CheckResult> checks) {
    }

    private EngineRun() {
    }

    /** A Canary {@code web} in {@code prod} on Deployment {@code web}: interval 1m, threshold 2, steps of 25 up to 50, one metric. */
    public static String canary(String metricName, String templateName, String thresholdRange) {
        return canary("web", metricName, templateName, thresholdRange);
    }

    /** The same Canary on Deployment {@code target}. */
    public static String canary(String target, String metricName, String templateName, String thresholdRange) {
        return canary(target, metricName, templateName, thresholdRange, "1m");
    }

    /** The same Canary with the metric's {@code interval} as written (Flagger's Graphite docs use {@code 1min}). */
    public static String canary(String target, String metricName, String templateName, String thresholdRange,
                                String metricInterval) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: web
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
                    threshold: 2
                    maxWeight: 50
                    stepWeight: 25
                    metrics:
                      - name: "%s"
                        templateRef:
                          name: %s
                          namespace: prod
                        thresholdRange:
                          %s
                        interval: %s
                """.formatted(target, metricName, templateName, thresholdRange, metricInterval);
    }

    public static Outcome run(MetricProvider provider, MutableClock clock, String manifests) {
        List<CanaryResource> resources = ManifestReader.read(manifests, "test manifests").resourcesOrThrow();
        Canary canary = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
        FakeTargetController workload = new FakeTargetController();
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).evaluateAtTickTime(true).targetController(workload)
                .trafficRouter(router)
                .metricProviders(MetricProviderRegistry.of(provider))
                .store(new InMemoryCanaryStore().applyAll(resources)).build();
        List<CheckResult> checks = new ArrayList<>();
        TickResult result = engine.tick(canary);
        canary = result.canary();
        workload.shipRevision("v2");
        for (int i = 0; i < 30; i++) {
            result = engine.tick(canary);
            canary = result.canary();
            checks.addAll(result.checks());
            CanaryPhase phase = canary.status().phase();
            if (phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED) {
                break;
            }
            clock.add(result.rescheduleAfter());
        }
        return new Outcome(canary.status().phase(), router.canaryWeights(), workload.primaryTemplate(), checks);
    }
}
