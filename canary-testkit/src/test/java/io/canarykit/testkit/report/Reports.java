package io.canarykit.testkit.report;

import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.nio.file.Path;

/** The timelines the report tests plot: the reference canary rolled back by a bad error rate. */
final class Reports {

    static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    private Reports() {
    }

    static Timeline rollback() throws IOException {
        return Simulation.fromYaml(REFERENCE).run(Scenario.defaults().metric("error-rate", 0.5, 20));
    }
}
