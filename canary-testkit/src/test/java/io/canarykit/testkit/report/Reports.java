package io.canarykit.testkit.report;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The timelines the report tests plot, all of the reference canary. */
final class Reports {

    static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    private Reports() {
    }

    /** Rolled back by an error rate of 20 against a maximum of 1: values far outside the band. */
    static Timeline rollback() throws IOException {
        return Simulation.fromYaml(REFERENCE).run(Scenario.defaults().metric("error-rate", 0.5, 20));
    }

    /** Every check passes: promoted. */
    static Timeline promotion() throws IOException {
        return Simulation.fromYaml(REFERENCE).run();
    }

    /**
     * Four phase changes within fifteen seconds at the end of a five-minute run: their labels
     * would all land on top of each other in one row.
     */
    static Timeline crowdedPhases() throws IOException {
        Timeline real = promotion();
        List<Tick> ticks = List.of(
                tick(0, Duration.ZERO, CanaryPhase.PROGRESSING, 10),
                tick(1, Duration.ofMinutes(5), CanaryPhase.WAITING_PROMOTION, 50),
                tick(2, Duration.ofMinutes(5).plusSeconds(5), CanaryPhase.PROMOTING, 50),
                tick(3, Duration.ofMinutes(5).plusSeconds(10), CanaryPhase.FINALISING, 0),
                tick(4, Duration.ofMinutes(5).plusSeconds(15), CanaryPhase.SUCCEEDED, 0));
        return new Timeline(real.canary(), ticks);
    }

    private static Tick tick(int index, Duration at, CanaryPhase phase, int weight) {
        return new Tick(index, at, phase, weight, 100 - weight, false, 0, 0, List.of(), List.of(), List.of());
    }
}
