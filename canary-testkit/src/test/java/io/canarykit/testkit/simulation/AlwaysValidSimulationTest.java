package io.canarykit.testkit.simulation;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The always-valid error-rate and latency tests through the real engine, with synthetic traffic. */
class AlwaysValidSimulationTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web, namespace: prod}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis:
                interval: 1m
                threshold: 3
                stepWeight: 10
                maxWeight: 50
                metrics:
                  - name: guard
                    sequential:
            SEQUENTIAL
            """;
    private static final String ERROR_RATE = """
                      method: always-valid
                      requests: requests{target="{{ target }}"}[{{ elapsed }}]
                      errors: errors{target="{{ target }}"}[{{ elapsed }}]
                      acceptableErrorRate: 1
                      cadence: 1s
            """;
    private static final String AGAINST_PRIMARY = """
                      method: always-valid
                      requests: requests{target="{{ target }}"}[{{ elapsed }}]
                      errors: errors{target="{{ target }}"}[{{ elapsed }}]
                      primaryRequests: requests{target="{{ target }}-primary"}[{{ elapsed }}]
                      primaryErrors: errors{target="{{ target }}-primary"}[{{ elapsed }}]
                      absoluteTolerance: 0.5
                      cadence: 1s
            """;
    private static final String LATENCY = """
                      latency:
                        buckets: http_request_duration_seconds_bucket{deployment="{{ target }}"}
                        primaryBuckets: http_request_duration_seconds_bucket{deployment="{{ target }}-primary"}
                        bound: "0.5"
                        allowedSlowPercent: 1
                      cadence: 1s
            """;

    @Test
    void aTwentyPercentCanaryIsRolledBackInSecondsWithoutAFailingRate() {
        Timeline timeline = simulation(ERROR_RATE).run(Scenario.defaults().withMaxTicks(3_000).traffic(Traffic.of(10, 0.2, 0.005, 1)));

        assertThat(timeline.result()).isEqualTo(FAILED);
        assertThat(sinceFirstTraffic(timeline)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        CheckResult rejection = lastTick(timeline).check("guard").orElseThrow();
        assertThat(rejection.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(rejection.isSequentialRejection()).isTrue();
        assertThat(rejection.evidence().upperBound()).isEqualTo(Math.log(100));
        assertThat(rejection.message()).startsWith("Halt web.prod advancement guard sequential test: ")
                .contains("log e-value").contains("= ln(1/α) (always-valid test, α 0.01): the rate exceeds the allowed 1%");
        assertThat(timeline.events()).extracting(e -> e.message())
                .contains("Rolling back web.prod sequential test guard rejected the canary")
                .contains(rejection.message());
    }

    @Test
    void aHealthyCanaryPassesEveryCheckAndIsPromotedOnSchedule() {
        Timeline timeline = simulation(ERROR_RATE).run(Scenario.defaults().withMaxTicks(3_000).traffic(Traffic.of(10, 0.005, 0.005, 1)));

        assertThat(timeline.result()).isEqualTo(SUCCEEDED);
        assertThat(timeline.checks("guard")).isNotEmpty().allSatisfy(check -> {
            assertThat(check.verdict()).isEqualTo(Verdict.PASS);
            assertThat(check.evidence().statistic()).isLessThan(check.evidence().upperBound());
        });
        // Between analyses only the sequential test runs, every second.
        assertThat(timeline.ticks().get(3).at().minus(timeline.ticks().get(2).at())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void againstThePrimaryTheCanaryIsRolledBackWhenWorseByMoreThanTheTolerance() {
        Timeline bad = simulation(AGAINST_PRIMARY).run(Scenario.defaults().withMaxTicks(3_000)
                .traffic(Traffic.of(10, 0.2, 0.005, 3).withPrimaryRequestsPerSecond(40)));
        Timeline fine = simulation(AGAINST_PRIMARY).run(Scenario.defaults().withMaxTicks(3_000)
                .traffic(Traffic.of(10, 0.005, 0.005, 3).withPrimaryRequestsPerSecond(40)));

        assertThat(bad.result()).isEqualTo(FAILED);
        CheckResult rejection = lastTick(bad).check("guard").orElseThrow();
        assertThat(rejection.evidence().primarySamples()).isPositive();
        assertThat(rejection.message()).contains("the rate exceeds the primary's").contains("+ 0.5 points");
        assertThat(fine.result()).isEqualTo(SUCCEEDED);
    }

    @Test
    void aLatencyRegressionOfTheP99IsCaughtFromHistogramBuckets() {
        Timeline slower = simulation(LATENCY).run(Scenario.defaults().withMaxTicks(3_000)
                .traffic(Traffic.of(10, 0, 0, 5).withLatency(0.5, 2)));
        Timeline same = simulation(LATENCY).run(Scenario.defaults().withMaxTicks(3_000)
                .traffic(Traffic.of(10, 0, 0, 5).withLatency(0.4, 1)));

        assertThat(slower.result()).isEqualTo(FAILED);
        assertThat(sinceFirstTraffic(slower)).isLessThan(Duration.ofMinutes(2));
        CheckResult rejection = lastTick(slower).check("guard").orElseThrow();
        assertThat(rejection.query()).contains("le=\"+Inf\"").contains("le=\"0.5\"").contains("[");
        assertThat(rejection.message()).contains("requests slower than le=0.5 in");
        assertThat(same.result()).isEqualTo(SUCCEEDED);
    }

    /** The guarantee through the engine: checked every second, a canary at exactly the allowed rate is rarely rolled back. */
    @Test
    void atExactlyTheAllowedRateAtMostOnePercentOfRunsAreRolledBack() {
        Simulation simulation = simulation(ERROR_RATE);
        int rolledBack = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Timeline timeline = simulation.run(Scenario.defaults().withMaxTicks(3_000).traffic(Traffic.of(10, 0.01, 0.005, seed)));
            assertThat(timeline.result()).isIn(SUCCEEDED, FAILED);
            rolledBack += timeline.result() == FAILED ? 1 : 0;
        }
        assertThat(rolledBack).isLessThanOrEqualTo(2);
    }

    @Test
    void theScenarioFileCarriesLatencies() {
        Scenario scenario = Scenario.parse("traffic: {seed: 7, latencyP99Seconds: 0.3, canaryLatencyFactor: 1.2}", "s.yaml");

        assertThat(scenario.traffic()).isEqualTo(Traffic.of(10, 0, 0, 7).withLatency(0.3, 1.2));
    }

    @Test
    void syntheticLatenciesHaveTheConfiguredP99AndConsistentBuckets() {
        SyntheticTraffic traffic = new SyntheticTraffic(Traffic.of(100, 0, 0, 11).withLatency(0.5, 2));
        Instant t0 = Simulation.START;
        Instant end = t0.plusSeconds(600);

        long all = traffic.requests(t0, end, false);
        assertThat(traffic.withinBucket(t0, end, false, Double.POSITIVE_INFINITY)).isEqualTo(all);
        assertThat((double) traffic.withinBucket(t0, end, false, 0.5) / all).isBetween(0.988, 0.992);
        // Twice as slow: the canary's P99 is 1 s, and 0.5 s is now near its P83 (z = 2.326 − ln 2 / 0.5).
        assertThat((double) traffic.withinBucket(t0, end, true, 1.0) / all).isBetween(0.988, 0.992);
        assertThat((double) traffic.withinBucket(t0, end, true, 0.5) / all).isBetween(0.81, 0.84);
        long halves = traffic.withinBucket(t0, t0.plusSeconds(300), true, 0.5) + traffic.withinBucket(t0.plusSeconds(300), end, true, 0.5);
        assertThat(halves).isEqualTo(traffic.withinBucket(t0, end, true, 0.5));
    }

    private static Simulation simulation(String sequential) {
        String yaml = CANARY.replace("SEQUENTIAL\n", sequential);
        return Simulation.fromManifests(ManifestReader.read(yaml, "test.yaml").resourcesOrThrow());
    }

    private static Tick lastTick(Timeline timeline) {
        return timeline.ticks().get(timeline.ticks().size() - 1);
    }

    private static Duration sinceFirstTraffic(Timeline timeline) {
        Tick first = timeline.ticks().stream().filter(t -> t.canaryWeight() > 0).findFirst().orElseThrow();
        return lastTick(timeline).at().minus(first.at());
    }
}
