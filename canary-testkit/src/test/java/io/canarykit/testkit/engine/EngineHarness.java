package io.canarykit.testkit.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingEventSink;
import io.canarykit.testkit.RecordingNotifier;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.ScriptedWebhookClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Drives one canary through the real engine with in-memory fakes on a virtual clock, as a controller would. */
final class EngineHarness {

    /** Builtin queries simple enough to script; request-duration answers in seconds, as PromQL does. */
    static final BuiltinMetrics BUILTINS = (metric, provider, kind) -> switch (metric) {
        case "request-duration" -> Optional.of(new BuiltinQuery("test", "p99_seconds{target=\"{{ target }}\"}", 1000));
        case "request-success-rate" -> Optional.of(new BuiltinQuery("test", "success_rate{target=\"{{ target }}\"}", 1));
        default -> Optional.empty();
    };

    final MutableClock clock = MutableClock.atEpochOfTests();
    final RecordingTrafficRouter router = new RecordingTrafficRouter();
    final FakeTargetController target = new FakeTargetController();
    final ScriptedMetricProvider prometheus = new ScriptedMetricProvider("prometheus");
    final ScriptedWebhookClient webhooks = new ScriptedWebhookClient();
    final InMemoryCanaryStore store = new InMemoryCanaryStore().apply(Canaries.errorRateTemplate());
    final RecordingEventSink events = new RecordingEventSink();
    final RecordingNotifier notifier = new RecordingNotifier();
    final List<TickResult> results = new ArrayList<>();
    final CanaryEngine engine;
    Canary canary;

    EngineHarness(Canary canary) {
        this(canary, CanaryEngine.builder());
    }

    EngineHarness(Canary canary, CanaryEngine.Builder builder) {
        this.canary = canary;
        this.engine = builder.clock(clock).trafficRouter(router).targetController(target)
                .metricProviders(MetricProviderRegistry.of(prometheus)).builtinMetrics(BUILTINS).store(store)
                .webhookClient(webhooks).eventSink(events).notifier(notifier).random(new SplittableRandom(7)).build();
    }

    /** Initializes the canary, then ships a new revision, as a user updating the image would. */
    EngineHarness initializedWithNewRevision() {
        tick();
        if (phase() != CanaryPhase.INITIALIZED) {
            throw new AssertionError("expected Initialized after the first tick, got " + phase());
        }
        target.shipRevision("v2");
        events.clear();
        return this;
    }

    TickResult tick() {
        TickResult result = engine.tick(canary);
        canary = result.canary();
        results.add(result);
        clock.add(result.rescheduleAfter());
        return result;
    }

    /** Ticks until Succeeded or Failed (at most {@code max} ticks); returns the phases after each tick. */
    List<CanaryPhase> runToEnd(int max) {
        List<CanaryPhase> phases = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            tick();
            phases.add(phase());
            if (phase() == CanaryPhase.SUCCEEDED || phase() == CanaryPhase.FAILED) {
                return phases;
            }
        }
        throw new AssertionError("canary did not finish in " + max + " ticks: " + phases);
    }

    /** Ticks {@code n} times; returns the phases after each tick. */
    List<CanaryPhase> ticks(int n) {
        List<CanaryPhase> phases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tick();
            phases.add(phase());
        }
        return phases;
    }

    CanaryPhase phase() {
        return canary.status().phase();
    }
}
