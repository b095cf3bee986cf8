package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Timeline;
import java.util.List;
import java.util.Objects;

/**
 * A finished demo run: every tick, the canary as the last tick left it, and the requests the
 * operator sent while starting (its informers' LISTs), before the first tick.
 */
record OperatorDemoResult(DemoProvider provider, DemoScenario scenario, Canary canary, List<DemoTick> ticks,
        RequestCounts startup) {

    OperatorDemoResult {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(canary, "canary");
        ticks = List.copyOf(ticks);
        Objects.requireNonNull(startup, "startup");
    }

    /** The ticks as a simulation timeline (the {@code simulate} output formats take it). */
    Timeline timeline() {
        return new Timeline(canary, ticks.stream().map(DemoTick::tick).toList());
    }

    CanaryPhase result() {
        return timeline().result();
    }
}
