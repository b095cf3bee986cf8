package io.canarykit.testkit.benchmark;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.statistics.BernoulliSprt;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.SyntheticTraffic;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.Traffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to rollback and false-rollback rate under three semantics, through the real engine on a
 * virtual clock, with synthetic traffic of 10 canary requests per second and fixed seeds:
 * <ul>
 *   <li>(a) Flagger: threshold 3 counted cumulatively over the run, interval 1m, rollback one tick
 *       after the threshold is reached (Flagger checks the count at the start of the next tick);</li>
 *   <li>(b) CanaryKit's default: threshold 3 consecutive failed checks, rollback in the same tick;</li>
 *   <li>(c) CanaryKit's sequential test: Wald's SPRT, H0 1% vs H1 2% errors, α 1%, power 95%, every 1 s.</li>
 * </ul>
 * The per-minute check of (a) and (b) is the error rate of the last minute against a 1% maximum.
 * Time to rollback counts from the tick that first sends traffic to the canary. Not a test: a main
 * whose table goes into BENCHMARKS.md. Run (after {@code test-compile} and {@code dependency:build-classpath}
 * as for {@link SimulationBenchmark}):
 *
 * <pre>
 * java -cp "canary-testkit/target/test-classes:canary-testkit/target/classes:$(cat canary-testkit/target/benchmark.cp)" \
 *     io.canarykit.testkit.benchmark.RollbackTimeBenchmark
 * </pre>
 */
public final class RollbackTimeBenchmark {

    private static final double RPS = 10;
    private static final double[] ERROR_RATES = {0.005, 0.02, 0.05, 0.20};
    private static final int HEALTHY_RUNS = 1_000;
    private static final int BAD_RUNS = 300;
    private static final double ACCEPTABLE = 1;
    private static final double FAILING = 2;
    private static final double ALPHA = 0.01;
    private static final double POWER = 0.95;

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
                thresholdMode: MODE
                metrics:
            METRIC
            """;
    private static final String WINDOW_CHECK = """
                  - name: error-rate
                    query: error_rate{target="{{ target }}"}
                    thresholdRange: {max: 1}
            """;
    private static final String SEQUENTIAL = """
                  - name: error-sprt
                    sequential:
                      requests: requests{target="{{ target }}"}[{{ elapsed }}]
                      errors: errors{target="{{ target }}"}[{{ elapsed }}]
                      acceptableErrorRate: %s
                      failingErrorRate: %s
                      alpha: %s
                      power: %s
                      cadence: 1s
            """.formatted(ACCEPTABLE, FAILING, ALPHA, POWER);

    private RollbackTimeBenchmark() {
    }

    public static void main(String[] args) {
        Simulation flagger = simulation("cumulative", WINDOW_CHECK);
        Simulation consecutive = simulation("consecutive", WINDOW_CHECK);
        Simulation sequential = simulation("consecutive", SEQUENTIAL);
        System.out.println("| canary error rate | semantics | runs | rolled back | median time to rollback | p95 | "
                + "theoretical E[N] / rate |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (double rate : ERROR_RATES) {
            int runs = rate < ACCEPTABLE / 100 ? HEALTHY_RUNS : BAD_RUNS;
            report(rate, "(a) Flagger: cumulative, threshold 3, rollback a tick later", runs, seed -> {
                Timeline t = flagger.run(windowScenario(rate, seed));
                return rolledBackAfter(t).map(d -> d.plus(Duration.ofMinutes(1)));
            }, "");
            report(rate, "(b) CanaryKit default: 3 consecutive", runs, seed -> rolledBackAfter(consecutive.run(windowScenario(rate, seed))),
                    "");
            BernoulliSprt sprt = BernoulliSprt.of(ACCEPTABLE / 100, FAILING / 100, ALPHA, POWER);
            report(rate, "(c) CanaryKit sequential (SPRT, every 1s)", runs,
                    seed -> rolledBackAfter(sequential.run(Scenario.defaults().withMaxTicks(3_000)
                            .traffic(Traffic.of(RPS, rate, 0.005, seed)))),
                    rate >= FAILING / 100 ? String.format(Locale.ROOT, "%.1f s", expectedSamples(sprt, rate) / RPS) : "");
        }
    }

    private static Simulation simulation(String mode, String metric) {
        String yaml = CANARY.replace("MODE", mode).replace("METRIC\n", metric);
        return Simulation.fromManifests(ManifestReader.read(yaml, "benchmark.yaml").resourcesOrThrow());
    }

    /**
     * The per-minute error rate each check sees: traffic starts with the tick that sets the first
     * weight (1 minute after the new revision), so check k covers minute k + 1.
     */
    private static Scenario windowScenario(double rate, long seed) {
        SyntheticTraffic traffic = new SyntheticTraffic(Traffic.of(RPS, rate, 0.005, seed));
        double[] values = new double[20];
        for (int k = 0; k < values.length; k++) {
            Instant from = Simulation.START.plusSeconds(60L * (k + 1));
            Instant to = from.plusSeconds(60);
            values[k] = 100.0 * traffic.errors(from, to, true) / traffic.requests(from, to, true);
        }
        return Scenario.defaults().metric("error-rate", values);
    }

    /** From the first tick with canary traffic to the tick that rolled back; empty when the canary was promoted. */
    private static java.util.Optional<Duration> rolledBackAfter(Timeline timeline) {
        if (timeline.result() != CanaryPhase.FAILED) {
            return java.util.Optional.empty();
        }
        Tick first = timeline.ticks().stream().filter(t -> t.canaryWeight() > 0).findFirst().orElseThrow();
        Tick last = timeline.ticks().get(timeline.ticks().size() - 1);
        return java.util.Optional.of(last.at().minus(first.at()));
    }

    /** Wald's approximation for a true rate p ≥ H1's: the expected number of requests to a decision. */
    private static double expectedSamples(BernoulliSprt sprt, double p) {
        if (p == sprt.failing()) {
            return sprt.expectedSamplesWhenFailing();
        }
        double drift = p * Math.log(sprt.failing() / sprt.acceptable())
                + (1 - p) * Math.log((1 - sprt.failing()) / (1 - sprt.acceptable()));
        return sprt.rejectBound() / drift;
    }

    private interface Run {
        java.util.Optional<Duration> rollbackAfter(long seed);
    }

    private static void report(double rate, String semantics, int runs, Run run, String theory) {
        List<Duration> times = new ArrayList<>();
        for (long seed = 1; seed <= runs; seed++) {
            run.rollbackAfter(seed).ifPresent(times::add);
        }
        long[] seconds = times.stream().mapToLong(Duration::toSeconds).sorted().toArray();
        String median = seconds.length == 0 ? "—" : format(percentile(seconds, 0.5));
        String p95 = seconds.length == 0 ? "—" : format(percentile(seconds, 0.95));
        System.out.printf(Locale.ROOT, "| %.1f%% | %s | %d | %d (%.1f%%) | %s | %s | %s |%n", rate * 100, semantics, runs,
                seconds.length, 100.0 * seconds.length / runs, median, p95, theory);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static String format(long seconds) {
        return seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
