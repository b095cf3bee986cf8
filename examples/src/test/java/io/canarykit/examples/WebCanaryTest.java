package io.canarykit.examples;

// The README's JUnit example, quoted verbatim between the tag comments (checked by ReadmeSnippetsTest).
// tag::junit-web-canary[]
import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;

import io.canarykit.testkit.report.TimelineReport;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebCanaryTest {

    private Simulation web;

    @BeforeEach
    void loadTheManifestWeDeploy() throws IOException {
        web = Simulation.fromYaml(Path.of("manifests", "web.yaml"));   // Canary + MetricTemplates
    }

    @Test
    void healthyReleaseIsPromoted() {
        assertThat(web.run(Scenario.defaults()))
                .endsIn(SUCCEEDED).hasWeightSteps(10, 20, 30, 40, 50, 0);
    }

    @Test
    void badReleaseIsRolledBackAfterThreeFailedChecks() throws IOException {
        Timeline timeline = web.run(Scenario.defaults().metric("error-rate", 0.5, 20));
        assertThat(timeline).endsIn(FAILED).hasWeights(10, 20, 20, 20);
        TimelineReport.write(timeline, Path.of("target", "web-rollback.html"));   // optional, for humans
    }

    @Test
    void oneBadMinuteIsForgiven() {   // threshold counts consecutive failed checks
        assertThat(web.run(Scenario.defaults().metric("error-rate", 0.5, 5, 0.5)))
                .endsIn(SUCCEEDED).hasFailedChecks("error-rate", 1);
    }
}
// end::junit-web-canary[]
