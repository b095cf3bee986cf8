package io.canarykit.examples.embedding;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deployment tool that releases a new image as a canary with CanaryKit's engine and nothing else:
 * no Kubernetes, no operator. The tool owns the waiting ({@link Waiter}): the engine only says when
 * the next tick is due, so a test can make time pass on a virtual clock instead of sleeping.
 */
public final class DeploymentTool {

    /** Waits for the next tick: {@code Thread::sleep} in production, a virtual clock in tests. */
    @FunctionalInterface
    public interface Waiter {
        void await(Duration duration) throws InterruptedException;
    }

    private final CanaryEngine engine;
    private final ImageTarget target;
    private final Waiter waiter;

    public DeploymentTool(Clock clock, Waiter waiter, PoolRouter router, ImageTarget target, MetricProviderRegistry metrics,
            CanaryStore templates) {
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.target = Objects.requireNonNull(target, "target");
        this.engine = CanaryEngine.builder()
                .clock(clock)
                .trafficRouter(router)
                .targetController(target)
                .metricProviders(metrics)
                .store(templates)
                .build();
    }

    /** Releases {@code image} under {@code canary}'s analysis; returns when it is promoted or rolled back. */
    public Release release(Canary canary, String image, int maxTicks) throws InterruptedException {
        // The first tick initializes (the stable group becomes the primary); then the new image ships.
        Canary current = engine.tick(canary).canary();
        target.deploy(image);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < maxTicks; i++) {
            TickResult result = engine.tick(current);
            current = result.canary();
            result.events().forEach(e -> events.add(e.message()));
            CanaryPhase phase = current.status().phase();
            if (phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED) {
                return new Release(phase, target.stableImage(), events);
            }
            waiter.await(result.rescheduleAfter());
        }
        return new Release(current.status().phase() == null ? CanaryPhase.INITIALIZING : current.status().phase(),
                target.stableImage(), events);
    }

    /** How a release ended: the final phase, the image the stable group runs, and the engine's events. */
    public record Release(CanaryPhase phase, String stableImage, List<String> events) {

        public Release {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(stableImage, "stableImage");
            events = List.copyOf(events);
        }
    }
}
