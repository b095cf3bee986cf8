package io.canarykit.testkit.simulation;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The extensions example (examples/manifests/web-sequential.yaml) simulated with synthetic traffic. */
class SequentialSimulationTest {

    private static final Path MANIFEST = Path.of("..", "examples", "manifests", "web-sequential.yaml");

    @Test
    void aTwentyPercentCanaryIsRolledBackSecondsAfterItGetsTraffic() throws IOException {
        Timeline timeline = Simulation.fromYaml(MANIFEST).run(Scenario.defaults().traffic(Traffic.of(10, 0.2, 0.005, 1)));

        assertThat(timeline.result()).isEqualTo(FAILED);
        Tick firstTraffic = timeline.ticks().stream().filter(t -> t.canaryWeight() > 0).findFirst().orElseThrow();
        Tick last = timeline.ticks().get(timeline.ticks().size() - 1);
        assertThat(Duration.between(Simulation.START.plus(firstTraffic.at()), Simulation.START.plus(last.at())))
                .isEqualTo(Duration.ofSeconds(5));
        CheckResult rejection = last.check("error-sprt").orElseThrow();
        assertThat(rejection.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(rejection.evidence().samples()).isEqualTo(50L);
        assertThat(rejection.evidence().statistic()).isGreaterThanOrEqualTo(rejection.evidence().upperBound());
        assertThat(timeline.events()).extracting(e -> e.message())
                .contains("Rolling back web.prod sequential test error-sprt rejected the canary");
    }

    @Test
    void aHealthyCanaryIsWatchedEveryFiveSecondsAndPromoted() throws IOException {
        Timeline timeline = Simulation.fromYaml(MANIFEST).run(Scenario.defaults().traffic(Traffic.of(10, 0.005, 0.005, 1)));

        assertThat(timeline.result()).isEqualTo(SUCCEEDED);
        assertThat(timeline.ticks()).hasSizeGreaterThan(50);
        // Between analyses only the sequential test runs, every 5 s; the weight moves once a minute.
        assertThat(timeline.ticks().get(3).at().minus(timeline.ticks().get(2).at())).isEqualTo(Duration.ofSeconds(5));
        assertThat(timeline.ticks().get(3).checks()).extracting(CheckResult::metric).containsExactly("error-sprt");
    }

    @Test
    void withoutTrafficInTheScenarioTheSequentialTestSeesHealthyTraffic() throws IOException {
        assertThat(Simulation.fromYaml(MANIFEST).run().result()).isEqualTo(SUCCEEDED);
    }

    @Test
    void theScenarioFileCarriesTraffic() {
        Scenario scenario = Scenario.parse("traffic: {requestsPerSecond: 10, canaryErrorRate: 0.2, primaryErrorRate: 0.005, seed: 7}",
                "s.yaml");

        assertThat(scenario.traffic()).isEqualTo(new Traffic(10, 0.2, 0.005, 7, null));
    }

    @Test
    void syntheticTrafficTellsOneStoryWhateverTheWindow() {
        SyntheticTraffic traffic = new SyntheticTraffic(Traffic.of(10, 0.2, 0, 3));
        var t0 = Simulation.START;

        long whole = traffic.errors(t0, t0.plusSeconds(60), true);
        long halves = traffic.errors(t0, t0.plusSeconds(30), true) + traffic.errors(t0.plusSeconds(30), t0.plusSeconds(60), true);

        assertThat(traffic.requests(t0, t0.plusSeconds(60), true)).isEqualTo(600);
        assertThat(whole).isEqualTo(halves).isBetween(90L, 150L);
        assertThat(traffic.errors(t0, t0.plusSeconds(60), false)).isZero();
    }
}
