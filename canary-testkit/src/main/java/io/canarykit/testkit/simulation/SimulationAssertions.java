package io.canarykit.testkit.simulation;

/**
 * Entry point of the timeline assertions. Static-import it next to AssertJ's {@code Assertions}:
 * {@code assertThat(timeline).endsIn(FAILED).hasWeights(10, 20, 20, 20)}.
 */
public final class SimulationAssertions {

    private SimulationAssertions() {
    }

    public static TimelineAssert assertThat(Timeline timeline) {
        return new TimelineAssert(timeline);
    }
}
