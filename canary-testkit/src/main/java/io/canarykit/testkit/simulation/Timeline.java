package io.canarykit.testkit.simulation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.core.engine.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A simulation's result: one {@link Tick} per engine tick after the new revision was shipped, and
 * the canary as the last tick left it.
 */
public record Timeline(Canary canary, List<Tick> ticks) {

    public Timeline {
        Objects.requireNonNull(canary, "canary");
        ticks = List.copyOf(ticks);
    }

    /** {@code namespace/name}. */
    public String name() {
        return canary.namespace() + "/" + canary.name();
    }

    /** The phase after the last tick. */
    public CanaryPhase result() {
        return ticks.isEmpty() ? CanaryPhase.INITIALIZED : ticks.get(ticks.size() - 1).phase();
    }

    /** Whether the run ended (Succeeded or Failed) rather than running out of ticks. */
    public boolean finished() {
        return result() == CanaryPhase.SUCCEEDED || result() == CanaryPhase.FAILED;
    }

    /** The time offset of the last tick. */
    public Duration duration() {
        return ticks.isEmpty() ? Duration.ZERO : ticks.get(ticks.size() - 1).at();
    }

    /** The canary weight on the route after each tick. */
    public List<Integer> canaryWeights() {
        return ticks.stream().map(Tick::canaryWeight).toList();
    }

    /** The phase after each tick. */
    public List<CanaryPhase> phases() {
        return ticks.stream().map(Tick::phase).toList();
    }

    /** The phases in the order they were entered (consecutive repeats collapsed). */
    public List<CanaryPhase> phaseChanges() {
        List<CanaryPhase> changes = new ArrayList<>();
        for (Tick tick : ticks) {
            if (changes.isEmpty() || changes.get(changes.size() - 1) != tick.phase()) {
                changes.add(tick.phase());
            }
        }
        return changes;
    }

    /** Every event, in order. */
    public List<CanaryEvent> events() {
        return ticks.stream().flatMap(t -> t.events().stream()).toList();
    }

    /** Every check of the metric named {@code metric}, in order. */
    public List<CheckResult> checks(String metric) {
        return ticks.stream().flatMap(t -> t.check(metric).stream()).toList();
    }

    /** Every check that did not pass, in order. */
    public List<CheckResult> failedChecks() {
        return ticks.stream().flatMap(t -> t.failedCheck().stream()).toList();
    }

    /** The names of the metrics checked at least once, in order of first appearance. */
    public List<String> metricNames() {
        return ticks.stream().flatMap(t -> t.checks().stream()).map(CheckResult::metric).distinct().toList();
    }
}
