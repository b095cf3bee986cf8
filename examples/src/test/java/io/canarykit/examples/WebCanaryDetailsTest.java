package io.canarykit.examples;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.engine.Verdict;
import io.canarykit.testkit.report.TimelineReport;
import io.canarykit.testkit.simulation.MetricAnswer;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * More of what a team can assert about its canary configuration (manifests/web.yaml) than the
 * README's {@link WebCanaryTest} shows: phases, durations, scrape gaps and the HTML report.
 */
class WebCanaryDetailsTest {

    private Simulation web;

    @BeforeEach
    void loadTheManifestWeDeploy() throws IOException {
        web = Simulation.fromYaml(Path.of("manifests", "web.yaml"));
    }

    @Test
    void aHealthyReleaseIsPromotedInStepsOfTenUpToFifty() {
        Timeline timeline = web.run(Scenario.defaults().metric("error-rate", 0.2).metric("request-duration", 180));

        assertThat(timeline).endsIn(SUCCEEDED)
                .hasWeightSteps(10, 20, 30, 40, 50, 0)
                .hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED)
                .neverExceedsWeight(50)
                .finishesWithin(Duration.ofMinutes(10));
    }

    @Test
    void aReleaseThatStartsFailingIsRolledBackAfterThreeConsecutiveFailedChecks() {
        Timeline timeline = web.run(Scenario.defaults().metric("error-rate", 0.5, 20));

        assertThat(timeline).endsIn(FAILED).hasWeights(10, 20, 20, 20).hasFailedChecks("error-rate", 3);
        assertThat(timeline.ticks().get(timeline.ticks().size() - 1).canaryWeight()).isZero();
    }

    @Test
    void oneBadMinuteIsForgivenBecauseThresholdCountsConsecutiveFailures() {
        Timeline timeline = web.run(Scenario.defaults().metric("error-rate", 0.5, 5, 0.5, 5, 0.5));

        assertThat(timeline).endsIn(SUCCEEDED).hasFailedChecks("error-rate", 2);
    }

    @Test
    void aScrapeGapCountsAsAFailedCheck() {
        Timeline timeline = web.run(Scenario.defaults()
                .metric("request-duration", MetricAnswer.of(200), MetricAnswer.NO_DATA, MetricAnswer.of(200)));

        assertThat(timeline).endsIn(SUCCEEDED).hasCheck("request-duration", Verdict.NO_DATA);
    }

    @Test
    void writesAReportForHumans() throws IOException {
        Path report = Files.createDirectories(Path.of("target")).resolve("web-canary-rollback.html");
        TimelineReport.write(web.run(Scenario.defaults().metric("error-rate", 0.5, 20)), report);

        assertThat(Files.readString(report)).contains("<svg", "Canary failed! Scaling down web.prod");
    }
}
