package io.canarykit.benchmarks;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import java.time.Clock;
import java.util.Objects;

/**
 * The real engine on in-memory collaborators that keep a canary in its analysis: healthy metrics,
 * webhooks that approve, a router stuck at one step ({@link SteadyRouter}). Builtin metrics are
 * Prometheus' real queries, so every tick renders and builds them as a deployed engine does.
 */
public final class SteadyEngine {

    private final SteadyTarget target = new SteadyTarget();
    private final SteadyRouter router;
    private final CanaryEngine engine;

    public SteadyEngine(Strategy strategy, Clock clock, CanaryStore store) {
        this.router = new SteadyRouter(strategy.steadySplit());
        this.engine = CanaryEngine.builder().clock(clock).trafficRouter(router).targetController(target)
                .metricProviders(MetricProviderRegistry.of(new SteadyMetricProvider())).builtinMetrics(new PrometheusBuiltinMetrics())
                .store(store).webhookClient(WebhookClient.APPROVE_ALL).build();
    }

    public CanaryEngine engine() {
        return engine;
    }

    public SteadyTarget target() {
        return target;
    }

    public SteadyRouter router() {
        return router;
    }

    /**
     * Ticks one canary into its steady analysis: initialized, a new revision, progressing, then
     * analysis ticks (the first may run only pre-rollout hooks); {@code advance} moves the clock
     * one interval between ticks.
     */
    public Canary intoAnalysis(Canary canary, Runnable advance) {
        Canary c = engine.tick(canary).canary();
        target.shipRevision("v2");
        for (int i = 0; i < 5; i++) {
            advance.run();
            TickResult result = engine.tick(c);
            c = result.canary();
            if (isSteady(result)) {
                return c;
            }
        }
        throw new IllegalStateException("canary " + canary.name() + " did not reach a steady analysis: " + c.status());
    }

    /** An analysis tick that checked every metric, passed, and left the canary analysing. */
    public static boolean isSteady(TickResult result) {
        CanaryPhase phase = result.status().phase();
        int metrics = result.canary().analysis().metrics().size();
        return phase == CanaryPhase.PROGRESSING && result.checks().size() == metrics && result.failedChecks().isEmpty()
                && result.status().failedChecks() == 0;
    }

    /** Fails unless {@code result} is a steady analysis tick: a benchmark of the wrong tick measures nothing. */
    public static TickResult requireSteady(TickResult result) {
        Objects.requireNonNull(result, "result");
        if (!isSteady(result)) {
            throw new IllegalStateException("not a steady analysis tick: phase " + result.status().phase() + ", "
                    + result.checks().size() + " checks, failed " + result.failedChecks() + ", events " + result.events());
        }
        return result;
    }
}
