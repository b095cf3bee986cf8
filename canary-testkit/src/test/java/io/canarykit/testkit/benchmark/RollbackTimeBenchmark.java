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
import java.util.Optional;

/**
 * Time to rollback and false-rollback rate under each semantics, through the real engine on a
 * virtual clock, with synthetic traffic of 10 canary requests per second and fixed seeds 1…N:
 * <ul>
 *   <li>(a) Flagger: threshold 3 counted cumulatively over the run, interval 1m, rollback one tick
 *       after the threshold is reached (Flagger checks the count at the start of the next tick);</li>
 *   <li>(b) CanaryKit's default: threshold 3 consecutive failed checks, rollback in the same tick;</li>
 *   <li>(c) CanaryKit's SPRT: Wald's SPRT, H0 1% vs H1 2% errors, α 1%, power 95%, every 1 s; (c') the
 *       same with the demo's H1 of 5%;</li>
 *   <li>(d) the always-valid test against the allowed 1%, α 1%, every 1 s, no H1;</li>
 *   <li>(e) the always-valid two-sample test against the primary (0.5% errors, 40 requests a
 *       second) with a tolerance of 0.5 points — so 1% is again exactly the allowed rate.</li>
 * </ul>
 * The per-minute check of (a) and (b) is the last minute's error rate against {@code max: 1}. The
 * latency rows slow the canary's latencies down by a factor (the P99 with them) against a primary
 * whose P99 is 500 ms: (a) and (b) check the minute's exact P99 against {@code max: 550} (ms);
 * (d) is the latency test on the fraction of requests over the 0.5 s bucket against an allowed 1%,
 * (e) the same against the primary's fraction. Time to rollback counts from the tick that first
 * sends traffic to the canary. Not a test: a main whose table goes into BENCHMARKS.md. Run (after
 * {@code test-compile} and {@code dependency:build-classpath} as for {@link SimulationBenchmark}):
 *
 * <pre>
 * java -cp "canary-testkit/target/test-classes:canary-testkit/target/classes:$(cat canary-testkit/target/benchmark.cp)" \
 *     io.canarykit.testkit.benchmark.RollbackTimeBenchmark
 * </pre>
 */
public final class RollbackTimeBenchmark {

    private static final double RPS = 10;
    private static final double PRIMARY_RPS = 40;
    private static final double PRIMARY_ERRORS = 0.005;
    private static final double[] ERROR_RATES = {0.005, 0.01, 0.02, 0.05, 0.20};
    private static final double[] SLOWDOWNS = {1.0, 1.2, 2.0};
    private static final double P99_SECONDS = 0.5;
    private static final int HEALTHY_RUNS = 1_000;
    private static final int BAD_RUNS = 300;
    private static final double ACCEPTABLE = 1;
    private static final double FAILING = 2;
    /** The demo's H1 ({@code canary demo --sequential}): quicker on a grossly bad canary, slower near the limit. */
    private static final double FAILING_DEMO = 5;
    private static final double ALPHA = 0.01;
    private static final double POWER = 0.95;
    private static final int MAX_TICKS = 3_000;

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
    private static final String LATENCY_CHECK = """
                  - name: latency
                    query: p99_ms{target="{{ target }}"}
                    thresholdRange: {max: 550}
            """;
    private static final String COUNTS = """
                      requests: requests{target="{{ target }}"}[{{ elapsed }}]
                      errors: errors{target="{{ target }}"}[{{ elapsed }}]
            """;
    private static final String SPRT = """
                  - name: guard
                    sequential:
            """ + COUNTS + """
                      acceptableErrorRate: %s
                      failingErrorRate: %s
                      alpha: %s
                      power: %s
                      cadence: 1s
            """;
    private static final String ALWAYS_VALID = """
                  - name: guard
                    sequential:
                      method: always-valid
            """ + COUNTS + """
                      acceptableErrorRate: %s
                      alpha: %s
                      cadence: 1s
            """.formatted(ACCEPTABLE, ALPHA);
    private static final String AGAINST_PRIMARY = """
                  - name: guard
                    sequential:
                      method: always-valid
            """ + COUNTS + """
                      primaryRequests: requests{target="{{ target }}-primary"}[{{ elapsed }}]
                      primaryErrors: errors{target="{{ target }}-primary"}[{{ elapsed }}]
                      absoluteTolerance: 0.5
                      alpha: %s
                      cadence: 1s
            """.formatted(ALPHA);
    private static final String LATENCY_TEST = """
                  - name: guard
                    sequential:
                      latency:
                        buckets: http_request_duration_seconds_bucket{deployment="{{ target }}"}
                        bound: "0.5"
                        allowedSlowPercent: 1
                      alpha: %s
                      cadence: 1s
            """.formatted(ALPHA);
    private static final String LATENCY_AGAINST_PRIMARY = """
                  - name: guard
                    sequential:
                      latency:
                        buckets: http_request_duration_seconds_bucket{deployment="{{ target }}"}
                        primaryBuckets: http_request_duration_seconds_bucket{deployment="{{ target }}-primary"}
                        bound: "0.5"
                      alpha: %s
                      cadence: 1s
            """.formatted(ALPHA);

    private RollbackTimeBenchmark() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Simulation flagger = simulation("cumulative", WINDOW_CHECK);
        Simulation consecutive = simulation("consecutive", WINDOW_CHECK);
        Simulation sprt = simulation("consecutive", SPRT.formatted(ACCEPTABLE, FAILING, ALPHA, POWER));
        Simulation sprtFive = simulation("consecutive", SPRT.formatted(ACCEPTABLE, FAILING_DEMO, ALPHA, POWER));
        Simulation alwaysValid = simulation("consecutive", ALWAYS_VALID);
        Simulation againstPrimary = simulation("consecutive", AGAINST_PRIMARY);
        System.out.println("| canary | semantics | runs | rolled back | median time to rollback | p95 | max | run time |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double rate : ERROR_RATES) {
            int runs = rate <= ACCEPTABLE / 100 ? HEALTHY_RUNS : BAD_RUNS;
            String canary = String.format(Locale.ROOT, "%.1f%% errors", rate * 100);
            report(canary, "(a) Flagger: cumulative, threshold 3, rollback a tick later", runs,
                    seed -> rolledBackAfter(flagger.run(windowScenario(rate, seed))).map(d -> d.plus(Duration.ofMinutes(1))));
            report(canary, "(b) CanaryKit default: 3 consecutive", runs,
                    seed -> rolledBackAfter(consecutive.run(windowScenario(rate, seed))));
            BernoulliSprt wald = BernoulliSprt.of(ACCEPTABLE / 100, FAILING / 100, ALPHA, POWER);
            report(canary, "(c) SPRT, H1 2% (Wald's E[N]: " + waldTime(wald, rate) + ")", runs,
                    seed -> rolledBackAfter(sprt.run(trafficScenario(Traffic.of(RPS, rate, PRIMARY_ERRORS, seed)))));
            BernoulliSprt waldFive = BernoulliSprt.of(ACCEPTABLE / 100, FAILING_DEMO / 100, ALPHA, POWER);
            report(canary, "(c') SPRT, H1 5% (Wald's E[N]: " + waldTime(waldFive, rate) + ")", runs,
                    seed -> rolledBackAfter(sprtFive.run(trafficScenario(Traffic.of(RPS, rate, PRIMARY_ERRORS, seed)))));
            report(canary, "(d) always-valid vs allowed 1%", runs,
                    seed -> rolledBackAfter(alwaysValid.run(trafficScenario(Traffic.of(RPS, rate, PRIMARY_ERRORS, seed)))));
            report(canary, "(e) always-valid vs primary 0.5% + 0.5 points", runs,
                    seed -> rolledBackAfter(againstPrimary.run(trafficScenario(
                            Traffic.of(RPS, rate, PRIMARY_ERRORS, seed).withPrimaryRequestsPerSecond(PRIMARY_RPS)))));
        }
        Simulation latencyFlagger = simulation("cumulative", LATENCY_CHECK);
        Simulation latencyConsecutive = simulation("consecutive", LATENCY_CHECK);
        Simulation latencyTest = simulation("consecutive", LATENCY_TEST);
        Simulation latencyAgainstPrimary = simulation("consecutive", LATENCY_AGAINST_PRIMARY);
        for (double slowdown : SLOWDOWNS) {
            int runs = slowdown == 1.0 ? HEALTHY_RUNS : BAD_RUNS;
            String canary = String.format(Locale.ROOT, "P99 %+.0f%%", (slowdown - 1) * 100);
            report(canary, "(a) Flagger: cumulative, threshold 3, rollback a tick later", runs,
                    seed -> rolledBackAfter(latencyFlagger.run(p99Scenario(slowdown, seed))).map(d -> d.plus(Duration.ofMinutes(1))));
            report(canary, "(b) CanaryKit default: 3 consecutive", runs,
                    seed -> rolledBackAfter(latencyConsecutive.run(p99Scenario(slowdown, seed))));
            report(canary, "(d) latency test: over 0.5 s vs allowed 1%", runs,
                    seed -> rolledBackAfter(latencyTest.run(trafficScenario(latencyTraffic(slowdown, seed)))));
            report(canary, "(e) latency test: over 0.5 s vs primary", runs,
                    seed -> rolledBackAfter(latencyAgainstPrimary.run(trafficScenario(latencyTraffic(slowdown, seed)))));
        }
        System.out.printf(Locale.ROOT, "%nall rows: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static Simulation simulation(String mode, String metric) {
        String yaml = CANARY.replace("MODE", mode).replace("METRIC\n", metric);
        return Simulation.fromManifests(ManifestReader.read(yaml, "benchmark.yaml").resourcesOrThrow());
    }

    private static Scenario trafficScenario(Traffic traffic) {
        return Scenario.defaults().withMaxTicks(MAX_TICKS).traffic(traffic);
    }

    private static Traffic latencyTraffic(double slowdown, long seed) {
        return Traffic.of(RPS, 0, 0, seed).withPrimaryRequestsPerSecond(PRIMARY_RPS).withLatency(P99_SECONDS, slowdown);
    }

    /**
     * The per-minute error rate each check sees: traffic starts with the tick that sets the first
     * weight (1 minute after the new revision), so check k covers minute k + 1.
     */
    private static Scenario windowScenario(double rate, long seed) {
        SyntheticTraffic traffic = new SyntheticTraffic(Traffic.of(RPS, rate, PRIMARY_ERRORS, seed));
        double[] values = new double[20];
        for (int k = 0; k < values.length; k++) {
            Instant from = Simulation.START.plusSeconds(60L * (k + 1));
            Instant to = from.plusSeconds(60);
            values[k] = 100.0 * traffic.errors(from, to, true) / traffic.requests(from, to, true);
        }
        return Scenario.defaults().metric("error-rate", values);
    }

    /** The per-minute P99 (milliseconds) of the canary's synthetic latencies, minute by minute as above. */
    private static Scenario p99Scenario(double slowdown, long seed) {
        SyntheticTraffic traffic = new SyntheticTraffic(latencyTraffic(slowdown, seed));
        double[] values = new double[20];
        for (int k = 0; k < values.length; k++) {
            Instant from = Simulation.START.plusSeconds(60L * (k + 1));
            values[k] = 1000 * traffic.latencyQuantile(from, from.plusSeconds(60), true, 0.99);
        }
        return Scenario.defaults().metric("latency", values);
    }

    /** From the first tick with canary traffic to the tick that rolled back; empty when the canary was promoted. */
    private static Optional<Duration> rolledBackAfter(Timeline timeline) {
        if (timeline.result() != CanaryPhase.FAILED) {
            return Optional.empty();
        }
        Tick first = timeline.ticks().stream().filter(t -> t.canaryWeight() > 0).findFirst().orElseThrow();
        Tick last = timeline.ticks().get(timeline.ticks().size() - 1);
        return Optional.of(last.at().minus(first.at()));
    }

    /** Wald's approximation of the time to reject for a true rate p above H0's; "—" where it does not apply. */
    private static String waldTime(BernoulliSprt sprt, double p) {
        if (p < sprt.failing()) {
            return "—";
        }
        double samples;
        if (p == sprt.failing()) {
            samples = sprt.expectedSamplesWhenFailing();
        } else {
            double drift = p * Math.log(sprt.failing() / sprt.acceptable())
                    + (1 - p) * Math.log((1 - sprt.failing()) / (1 - sprt.acceptable()));
            samples = sprt.rejectBound() / drift;
        }
        return format(Math.round(samples / RPS));
    }

    private interface Run {
        Optional<Duration> rollbackAfter(long seed);
    }

    private static void report(String canary, String semantics, int runs, Run run) {
        long started = System.nanoTime();
        List<Duration> times = new ArrayList<>();
        for (long seed = 1; seed <= runs; seed++) {
            run.rollbackAfter(seed).ifPresent(times::add);
        }
        long[] seconds = times.stream().mapToLong(Duration::toSeconds).sorted().toArray();
        String median = seconds.length == 0 ? "—" : format(percentile(seconds, 0.5));
        String p95 = seconds.length == 0 ? "—" : format(percentile(seconds, 0.95));
        String max = seconds.length == 0 ? "—" : format(seconds[seconds.length - 1]);
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d (%.1f%%) | %s | %s | %s | %.1f s |%n", canary, semantics, runs,
                seconds.length, 100.0 * seconds.length / runs, median, p95, max, (System.nanoTime() - started) / 1e9);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private static String format(long seconds) {
        return seconds < 60 ? seconds + " s" : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
