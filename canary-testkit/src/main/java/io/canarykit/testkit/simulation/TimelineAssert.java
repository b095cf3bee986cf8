package io.canarykit.testkit.simulation;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Fluent assertions on a {@link Timeline}; start with {@link SimulationAssertions#assertThat}.
 * Failure messages show the whole timeline, one line per tick, so a red test explains itself.
 */
public final class TimelineAssert extends AbstractAssert<TimelineAssert, Timeline> {

    TimelineAssert(Timeline actual) {
        super(actual, TimelineAssert.class);
    }

    /** The phase after the last tick is {@code phase}. */
    public TimelineAssert endsIn(CanaryPhase phase) {
        isNotNull();
        if (actual.result() != phase) {
            failWithMessage("Expected the canary to end in %s but it ended in %s%n%s", phase, actual.result(), describe());
        }
        return this;
    }

    /**
     * The canary weights of the ticks during which the canary received traffic (weight above 0), in
     * order. A rollback at threshold 3 after one passing check reads {@code hasWeights(10, 20, 20, 20)}.
     */
    public TimelineAssert hasWeights(int... weights) {
        isNotNull();
        List<Integer> served = actual.canaryWeights().stream().filter(w -> w > 0).toList();
        return sameInts("canary weights (ticks with canary traffic)", served, weights);
    }

    /** The canary weight after every tick, zeros included. */
    public TimelineAssert hasWeightsPerTick(int... weights) {
        isNotNull();
        return sameInts("canary weights per tick", actual.canaryWeights(), weights);
    }

    /** The route's canary weight each time it changed: a promotion reads {@code 10, 20, 30, 40, 50, 0}. */
    public TimelineAssert hasWeightSteps(int... weights) {
        isNotNull();
        List<Integer> steps = new ArrayList<>();
        int previous = 0;
        for (int weight : actual.canaryWeights()) {
            if (weight != previous) {
                steps.add(weight);
                previous = weight;
            }
        }
        return sameInts("canary weight steps", steps, weights);
    }

    /** The phases entered, in order, with consecutive repeats collapsed. */
    public TimelineAssert hasPhases(CanaryPhase... phases) {
        isNotNull();
        if (!actual.phaseChanges().equals(Arrays.asList(phases))) {
            failWithMessage("Expected phases %s but were %s%n%s", Arrays.asList(phases), actual.phaseChanges(), describe());
        }
        return this;
    }

    /** The phase after each tick. */
    public TimelineAssert hasPhasesPerTick(CanaryPhase... phases) {
        isNotNull();
        if (!actual.phases().equals(Arrays.asList(phases))) {
            failWithMessage("Expected phases per tick %s but were %s%n%s", Arrays.asList(phases), actual.phases(), describe());
        }
        return this;
    }

    public TimelineAssert hasTickCount(int ticks) {
        isNotNull();
        if (actual.ticks().size() != ticks) {
            failWithMessage("Expected %s ticks but there were %s%n%s", ticks, actual.ticks().size(), describe());
        }
        return this;
    }

    /** The last tick happened at most {@code limit} after the new revision. */
    public TimelineAssert finishesWithin(Duration limit) {
        isNotNull();
        if (!actual.finished() || actual.duration().compareTo(limit) > 0) {
            failWithMessage("Expected the canary to finish within %s but it %s after %s%n%s", limit,
                    actual.finished() ? "finished" : "was still running", actual.duration(), describe());
        }
        return this;
    }

    /** No tick routed more than {@code weight}% to the canary. */
    public TimelineAssert neverExceedsWeight(int weight) {
        isNotNull();
        actual.ticks().stream().filter(t -> t.canaryWeight() > weight).findFirst().ifPresent(t -> failWithMessage(
                "Expected the canary weight never to exceed %s but tick %s had %s%n%s", weight, t.index(), t.canaryWeight(),
                describe()));
        return this;
    }

    /** Every check that ran passed. */
    public TimelineAssert hasNoFailedChecks() {
        isNotNull();
        if (!actual.failedChecks().isEmpty()) {
            failWithMessage("Expected no failed checks but found %s%n%s", actual.failedChecks().stream()
                    .map(CheckResult::message).toList(), describe());
        }
        return this;
    }

    /** The metric named {@code metric} failed exactly {@code times} checks. */
    public TimelineAssert hasFailedChecks(String metric, int times) {
        isNotNull();
        long failed = actual.checks(metric).stream().filter(c -> !c.passed()).count();
        if (failed != times) {
            failWithMessage("Expected %s failed checks of %s but found %s%n%s", times, metric, failed, describe());
        }
        return this;
    }

    /** Some check of {@code metric} came out with {@code verdict}. */
    public TimelineAssert hasCheck(String metric, Verdict verdict) {
        isNotNull();
        if (actual.checks(metric).stream().noneMatch(c -> c.verdict() == verdict)) {
            failWithMessage("Expected a %s check of %s but its checks were %s%n%s", verdict, metric,
                    actual.checks(metric).stream().map(CheckResult::verdict).toList(), describe());
        }
        return this;
    }

    /** Some event's message contains {@code text}. */
    public TimelineAssert hasEventContaining(String text) {
        isNotNull();
        if (actual.events().stream().map(CanaryEvent::message).noneMatch(m -> m.contains(text))) {
            failWithMessage("Expected an event containing \"%s\"%n%s", text, describe());
        }
        return this;
    }

    private TimelineAssert sameInts(String what, List<Integer> actualInts, int... expected) {
        List<Integer> wanted = Arrays.stream(expected).boxed().toList();
        if (!actualInts.equals(wanted)) {
            failWithMessage("Expected %s %s but were %s%n%s", what, wanted, actualInts, describe());
        }
        return this;
    }

    private String describe() {
        return "Timeline of " + actual.name() + ":" + System.lineSeparator() + TimelineText.format(actual);
    }
}
