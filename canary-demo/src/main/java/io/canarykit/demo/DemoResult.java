package io.canarykit.demo;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.testkit.simulation.Timeline;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a demo run came to: the timeline (one tick per engine tick, as the simulator records it), the
 * traffic each side served, and — after a rollback — the time from the first failing request to the
 * moment the router applied weight 0.
 */
public record DemoResult(Timeline timeline, long primaryRequests, long canaryRequests, long canaryErrors,
        Optional<Duration> timeToRollback) {

    public DemoResult {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(timeToRollback, "timeToRollback");
    }

    public boolean promoted() {
        return timeline.result() == CanaryPhase.SUCCEEDED;
    }
}
