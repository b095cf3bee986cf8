package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One analysis run of a canary as the dashboard observed it: when it started, the canary as last
 * seen, one tick per status change, and whether it has ended (Succeeded, Failed, or left the run's phases).
 */
record Run(Instant start, Canary canary, List<Tick> ticks, boolean ended) {

    Run {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(canary, "canary");
        ticks = List.copyOf(ticks);
    }

    Run with(Canary latest, Tick tick, boolean end) {
        List<Tick> more = new ArrayList<>(ticks);
        more.add(tick);
        return new Run(start, latest, more, end);
    }

    Timeline timeline() {
        return new Timeline(canary, ticks);
    }
}
