package io.canarykit.testkit.crash;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of the reference canary in a fresh {@link ReferenceWorld}, by a controller that may crash
 * once: after SPI call number {@code crashAfter} the controller and everything it held in memory
 * (engine, SPI wrappers, when the next tick is due) are dropped, and a fresh controller starts at
 * the same instant from what the world kept — as a restarted operator ticks every canary at once.
 *
 * <p>A controller tick is what {@code CanaryScheduler} does for one canary: read the canary from
 * the store, run the engine, write the status back when it changed. The new revision ships 30s
 * after the first tick (a user's {@code kubectl set image}), so every run sees it at the same time.
 */
final class CrashRun {

    static final Duration SHIP_AFTER = Duration.ofSeconds(30);
    private static final int MAX_TICKS = 40;

    final ReferenceWorld world;
    final int crashAfter;
    /** The calls of the first incarnation, up to the crash (all of them when it never crashed). */
    List<String> callsBeforeCrash = List.of();
    boolean crashed;
    CanaryPhase finalPhase;

    private CrashRun(ReferenceWorld world, int crashAfter) {
        this.world = world;
        this.crashAfter = crashAfter;
    }

    /** Runs to Succeeded or Failed; {@code errorsFrom} is when the canary starts failing its error-rate check. */
    static CrashRun of(Instant errorsFrom, int crashAfter) {
        CrashRun run = new CrashRun(new ReferenceWorld(errorsFrom), crashAfter);
        run.run();
        return run;
    }

    private void run() {
        Instant start = world.clock.instant();
        Instant shipAt = start.plus(SHIP_AFTER);
        boolean shipped = false;
        CallCounter counter = new CallCounter(crashAfter);
        Controller controller = new Controller(world, counter);
        Instant due = start;
        for (int ticks = 0; ticks < MAX_TICKS; ticks++) {
            world.clock.set(due);
            if (!shipped && !due.isBefore(shipAt)) {
                world.target.shipRevision("v2");
                shipped = true;
            }
            TickResult result;
            try {
                result = controller.tick();
            } catch (CrashSignal crash) {
                crashed = true;
                callsBeforeCrash = counter.calls();
                counter = new CallCounter(CallCounter.NEVER);
                controller = new Controller(world, counter);
                continue;
            }
            CanaryPhase phase = result.status().phase();
            if (shipped && (phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED)) {
                finalPhase = phase;
                if (!crashed) {
                    callsBeforeCrash = counter.calls();
                }
                return;
            }
            Instant next = due.plus(result.rescheduleAfter());
            // The first tick initializes; the next one is due once the revision has shipped.
            due = !shipped && next.isAfter(shipAt) ? shipAt : next;
        }
        throw new AssertionError("the canary did not finish in " + MAX_TICKS + " ticks (crash after call " + crashAfter + ")");
    }

    /** The splits the router was given, in order. */
    List<Routes> routes() {
        return world.recordingRouter.history();
    }

    /** The splits with consecutive repeats (an idempotent re-apply after a restart) folded into one. */
    List<Routes> distinctRoutes() {
        List<Routes> folded = new ArrayList<>();
        for (Routes r : routes()) {
            if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(r)) {
                folded.add(r);
            }
        }
        return folded;
    }

    /** One controller incarnation: a fresh engine whose every SPI call goes through {@code counter}. */
    private static final class Controller {

        private final CanaryStore store;
        private final CanaryEngine engine;

        Controller(ReferenceWorld world, CallCounter counter) {
            store = counter.wrap(CanaryStore.class, world.store);
            engine = CanaryEngine.builder().clock(world.clock)
                    .trafficRouter(counter.wrap(TrafficRouter.class, world.router))
                    .targetController(counter.wrap(TargetController.class, world.target))
                    .metricProviders(MetricProviderRegistry.of(counter.wrap(MetricProvider.class, world.prometheus)))
                    .builtinMetrics(ReferenceWorld.BUILTINS).store(store)
                    .webhookClient(counter.wrap(WebhookClient.class, world.webhooks))
                    .eventSink(counter.wrap(EventSink.class, world.events))
                    .notifier(counter.wrap(Notifier.class, world.notifier))
                    .random(new SplittableRandom(7)).build();
        }

        TickResult tick() {
            Canary canary = store.canary(ReferenceWorld.NAMESPACE, ReferenceWorld.NAME).orElseThrow();
            TickResult result = engine.tick(canary);
            if (result.statusChanged()) {
                store.updateStatus(canary, result.status());
            }
            return result;
        }
    }
}
