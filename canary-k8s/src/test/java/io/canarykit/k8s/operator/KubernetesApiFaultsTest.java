package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.StatusWriteRetry;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real operator against the CRUD mock through a {@link FaultInjector}: conflicts, throttling,
 * server errors and broken watches while a canary steps through 10, 20, 30 % and is promoted.
 * Each run must end as the run without faults does — Succeeded, all traffic on the primary — and
 * write the same weights to the routing object, in the same order, each held for an interval,
 * without a hot loop of requests while the fault lasts.
 */
class KubernetesApiFaultsTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.1";
    private static final String STEPS = "    stepWeight: 10\n    maxWeight: 30";
    private static final Pattern CANARY_WEIGHT = Pattern.compile("\"canary\"\\s*:\\s*\"(\\d+)\"");
    static final String STATUS = "/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status";
    static final String WEIGHTS = "/api/v1/namespaces/default/configmaps/podinfo-weights";

    /**
     * The bound on requests in any one second of virtual time: a tick's own reads and writes (8 in
     * the busiest tick without faults) plus a status write's full conflict budget, 2 * (5 + 1).
     */
    static final int BUSIEST_SECOND = 20;

    /** fabric8's first wait before re-opening a failed watch (1s by default), shortened to keep real time small. */
    static final Duration WATCH_RECONNECT = Duration.ofMillis(100);

    /** Longer than the scheduler's 10s retry after a failed tick, so that an early re-run of a step shows. */
    static final Duration INTERVAL = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final FaultInjector faults = new FaultInjector(clock);
    /** The waits the status writes asked for: recorded, not slept (virtual time). */
    private final List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** The informers catch up within milliseconds here; Awaitility's default 100 ms poll would dominate each interval. */
    @BeforeAll
    static void pollQuickly() {
        Awaitility.setDefaultPollInterval(Duration.ofMillis(5));
    }

    @AfterAll
    static void pollAsUsual() {
        Awaitility.reset();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** A canary run with {@code faults} armed once the new image has shipped; returns what the routing object saw. */
    private Run run(Consumer<FaultInjector> arm) throws InterruptedException {
        return run(arm, interval -> {
        });
    }

    /** As {@link #run(Consumer)}; {@code midRun} is called before each interval of the analysis with its number. */
    private Run run(Consumer<FaultInjector> arm, java.util.function.IntConsumer midRun) throws InterruptedException {
        KubernetesClient operatorClient = faults.clientLike(K8S.client(), WATCH_RECONNECT);
        closing.add(operatorClient::close);
        ScriptedMetricProvider metrics = new ScriptedMetricProvider("prometheus").values(OperatorFixtures.ERROR_RATE, 0.5);
        OperatorDriver driver = new OperatorDriver(K8S, operatorClient, clock, metrics,
                b -> b.trafficRouter("weights", context -> new ConfigMapWeightRouter(operatorClient))
                        .statusWriteRetry(StatusWriteRetry.DEFAULT.withSleeper(waits::add)));
        closing.add(driver);
        OperatorFixtures.createWorkload(K8S.client());
        Canary canary = (Canary) ManifestReader.read(OperatorFixtures.canaryYaml("podinfo", "weights", STEPS, false)
                .replace("interval: 10s", "interval: " + INTERVAL.toSeconds() + "s"), "fixture").resourcesOrThrow().get(0);
        OperatorFixtures.create(K8S.client(), canary);
        driver.start();
        for (int i = 0; i < 5 && stored().status().phase() != CanaryPhase.INITIALIZED; i++) {
            advance(driver, INTERVAL);
        }
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        OperatorFixtures.setImage(K8S.client(), NEW_IMAGE);
        faults.clearJournal();
        Instant armedAt = clock.instant();
        arm.accept(faults);
        for (int i = 0; i < 20 && stored().status().phase() != CanaryPhase.SUCCEEDED; i++) {
            midRun.accept(i);
            advance(driver, INTERVAL);
        }
        return new Run(armedAt, faults.journal(), driver);
    }

    /**
     * Plays the Deployment controller, lets the informers catch up, then moves virtual time by
     * {@code duration} one second at a time, so that the clock the operator reads keeps pace with
     * the timer that fires its ticks and retries.
     */
    private static void advance(OperatorDriver driver, Duration duration) throws InterruptedException {
        OperatorFixtures.markReady(K8S.client(), "podinfo");
        OperatorFixtures.markReady(K8S.client(), "podinfo-primary");
        driver.awaitCachesInSync();
        for (long s = 0; s < duration.toSeconds(); s++) {
            driver.clock.add(Duration.ofSeconds(1));
            driver.timer.advance(Duration.ofSeconds(1));
            driver.operator.awaitIdle(Duration.ofSeconds(10));
        }
    }

    private static Canary stored() {
        return CanaryResources.toCanary(K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .inNamespace(OperatorFixtures.NS).withName("podinfo").get());
    }

    /** What one run did, read from the journal of every request the operator sent. */
    record Run(Instant armedAt, List<FaultInjector.Exchange> journal, OperatorDriver driver) {

        /** The canary weights the server stored in the routing object, in order, with when they were written. */
        List<Write> weightWrites() {
            List<Write> writes = new ArrayList<>();
            for (FaultInjector.Exchange e : journal) {
                if (e.method().equals("PUT") && e.resourcePath().equals(WEIGHTS) && e.applied()) {
                    Matcher m = CANARY_WEIGHT.matcher(e.body());
                    if (m.find()) {
                        writes.add(new Write(e.at(), Integer.parseInt(m.group(1))));
                    }
                }
            }
            return writes;
        }

        /** The weights with consecutive repeats (an idempotent re-apply) folded. */
        List<Integer> steps() {
            List<Integer> steps = new ArrayList<>();
            weightWrites().forEach(w -> {
                if (steps.isEmpty() || steps.get(steps.size() - 1) != w.canaryWeight()) {
                    steps.add(w.canaryWeight());
                }
            });
            return steps;
        }

        /** How long each step stood before the next one (virtual time). */
        List<Duration> dwell() {
            List<Write> changes = new ArrayList<>();
            weightWrites().forEach(w -> {
                if (changes.isEmpty() || changes.get(changes.size() - 1).canaryWeight() != w.canaryWeight()) {
                    changes.add(w);
                }
            });
            List<Duration> dwell = new ArrayList<>();
            for (int i = 0; i + 1 < changes.size(); i++) {
                dwell.add(Duration.between(changes.get(i).at(), changes.get(i + 1).at()));
            }
            return dwell;
        }

        /** The most requests (watches aside) sent within one second of virtual time, anywhere in the run. */
        int busiestSecond() {
            Map<Instant, Integer> perSecond = new TreeMap<>();
            journal.stream().filter(e -> !e.isWatch())
                    .forEach(e -> perSecond.merge(e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), 1, Integer::sum));
            return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        int repeatedWrites() {
            return weightWrites().size() - steps().size();
        }

        List<FaultInjector.Exchange> injected() {
            return journal.stream().filter(FaultInjector.Exchange::injected).toList();
        }

        /**
         * Requests per verb from the first injected fault until the first request after the last
         * one that was answered normally, per second of virtual time (watches left out).
         */
        Map<String, Double> rateDuringFault() {
            List<FaultInjector.Exchange> hit = injected();
            if (hit.isEmpty()) {
                return Map.of();
            }
            Instant from = hit.get(0).at();
            Instant to = hit.get(hit.size() - 1).at();
            double seconds = Math.max(1, Duration.between(from, to).toSeconds() + 1);
            Map<String, Double> rate = new TreeMap<>();
            journal.stream().filter(e -> !e.isWatch() && !e.at().isBefore(from) && !e.at().isAfter(to))
                    .forEach(e -> rate.merge(e.method(), 1 / seconds, Double::sum));
            return rate;
        }
    }

    record Write(Instant at, int canaryWeight) {
    }

    private static ConfigMap weights() {
        return K8S.client().configMaps().inNamespace(OperatorFixtures.NS).withName("podinfo-weights").get();
    }

    private static void print(String name, Run run) {
        System.out.printf("k8s-faults %s: phase %s, steps %s, dwell %s, repeated writes %d, injected %d, requests/s during fault"
                + " %s, busiest second %d requests, tick errors %d%n", name, stored().status().phase(), run.steps(), run.dwell(),
                run.repeatedWrites(), run.injected().size(), run.rateDuringFault(), run.busiestSecond(), run.driver().errors.size());
    }

    private static void assertSameAsWithoutFaults(Run run) {
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(weights().getData()).containsEntry("canary", "0").containsEntry("primary", "100");
        assertThat(run.steps()).as("weights written to the routing object, repeats folded").containsExactly(10, 20, 30, 0);
        assertThat(run.dwell()).as("each step held for an interval").allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(INTERVAL));
        assertThat(run.busiestSecond()).as("requests in the busiest second of virtual time (no hot loop)").isLessThanOrEqualTo(BUSIEST_SECOND);
    }

    @Test
    void withoutFaultsEachStepIsOneWrite() throws InterruptedException {
        Run run = run(f -> {
        });
        print("none", run);
        assertSameAsWithoutFaults(run);
        assertThat(run.repeatedWrites()).isZero();
    }

    /** The routing object was just given {@code canaryWeight}: the faults hit the status write of that step. */
    static java.util.function.Predicate<FaultInjector.Exchange> weightWritten(int canaryWeight) {
        return e -> e.method().equals("PUT") && e.resourcePath().equals(WEIGHTS) && e.applied()
                && e.body().contains("\"canary\":\"" + canaryWeight + "\"");
    }

    /** Five conflicts in a row on the status write of a step: ridden out within the tick (1 + 5 attempts). */
    @Test
    void aConflictStormOnTheStatusWriteOfAStepIsRiddenOutInTheTick() throws InterruptedException {
        Run run = run(f -> f.answerAfter(weightWritten(20), "PUT", p -> p.startsWith(STATUS), 409, Map.of(), 5));
        print("409x5 status", run);
        assertThat(run.injected()).hasSize(5);
        assertSameAsWithoutFaults(run);
        assertThat(run.repeatedWrites()).isZero();
    }

    /**
     * A status write answered 500 although the server applied it: the retry conflicts with our own
     * write, and the fresh read showing our status is taken as the success it was.
     */
    @Test
    void aLostAnswerToAStatusWriteIsRecognisedAsOurOwnWrite() throws InterruptedException {
        // The mock accepts a status PUT on a stale resourceVersion; a real API server answers the retry 409, as injected here.
        Run run = run(f -> f.loseAnswerAfter(weightWritten(20), "PUT", p -> p.startsWith(STATUS), 500, 1)
                .answerAfter(e -> e.resourcePath().equals(STATUS) && e.applied() && e.clientCode() == 500, "PUT",
                        p -> p.startsWith(STATUS), 409, Map.of(), 1));
        print("lost answer status", run);
        assertThat(run.injected()).hasSize(2);
        assertSameAsWithoutFaults(run);
        assertThat(run.repeatedWrites()).isZero();
    }

    /** 500s on the status write of a step: retried after 200ms and 400ms (virtual), never a second step. */
    @Test
    void serverErrorsOnTheStatusWriteOfAStepAreRetriedWithBackoff() throws InterruptedException {
        Run run = run(f -> f.answerAfter(weightWritten(20), "PUT", p -> p.startsWith(STATUS), 500, Map.of(), 2));
        print("500x2 status", run);
        assertThat(run.injected()).hasSize(2);
        assertSameAsWithoutFaults(run);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    /** Throttled status writes wait what the server asks ({@code Retry-After: 1}), not the shorter backoff. */
    @Test
    void throttledStatusWritesHonourRetryAfter() throws InterruptedException {
        Run run = run(f -> f.answerAfter(weightWritten(20), "PUT", p -> p.startsWith(STATUS), 429, Map.of("Retry-After", "1"), 2));
        print("429x2 status Retry-After 1", run);
        assertThat(run.injected()).hasSize(2);
        assertSameAsWithoutFaults(run);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    /**
     * A conflict storm longer than the store's budget: the tick's status is lost after its route
     * moved, the scheduler re-ticks 1s later, and the engine analyses again and takes another step
     * from the route's weight — two steps in one interval.
     */
    @Test
    void aConflictStormLongerThanTheRetryBudgetStillTakesNoSecondStep() throws InterruptedException {
        Run run = run(f -> f.answerAfter(weightWritten(20), "PUT", p -> p.startsWith(STATUS), 409, Map.of(), 12));
        print("409x12 status", run);
        assertSameAsWithoutFaults(run);
    }

    /** GETs (watches aside) and PUTs answered 500, ten in all, from the step to 20 on: ticks hold, none steps twice. */
    @Test
    void aBurstOfServerErrorsOnReadsAndWritesLosesNoStep() throws InterruptedException {
        Run run = run(f -> f.answerAfter(weightWritten(20), "GET", p -> !p.contains("watch=true"), 500, Map.of(), 5)
                .answerAfter(weightWritten(20), "PUT", p -> true, 500, Map.of(), 5));
        print("500x10 GET+PUT", run);
        assertSameAsWithoutFaults(run);
        assertThat(run.injected()).hasSize(10);
    }

    /** The route write reached the server but its answer was lost: the tick holds, the next one goes on from the route. */
    @Test
    void aLostAnswerToARouteWriteRepeatsNoStep() throws InterruptedException {
        Run run = run(f -> f.loseAnswerAfter(weightWritten(10), "PUT", p -> p.startsWith(WEIGHTS), 500, 1));
        print("lost answer route", run);
        assertThat(run.injected()).hasSize(1);
        assertSameAsWithoutFaults(run);
    }

    /**
     * The watches cut during the analysis, and the canaries' watch then answered 410 Gone four
     * times: fabric8 re-opens the watch with backoff (it does not relist on a 410 at the handshake), and the run goes on.
     */
    @Test
    void goneOnTheCanaryWatchIsRetriedWithBackoffAndLosesNoStep() throws InterruptedException {
        Run run = run(f -> f.answer("GET", p -> p.contains("/canaries") && p.contains("watch=true"), 410, Map.of(), GONE),
                interval -> {
                    if (interval == 1) {
                        faults.disconnectWatches();
                    }
                });
        print("410x" + GONE + " canary watch", run);
        assertThat(run.injected()).hasSize(GONE);
        assertSameAsWithoutFaults(run);
        printWatchRecovery(run);
    }

    private static final int GONE = 4;

    /** Every open watch cut twice during the analysis: the informers reconnect and the run goes on. */
    @Test
    void cutWatchesReconnectAndLoseNoStep() throws InterruptedException {
        int[] cut = {0};
        Run run = run(f -> {
        }, interval -> {
            if (interval == 1 || interval == 2) {
                cut[0] += faults.disconnectWatches();
            }
        });
        print("watches cut x2", run);
        assertThat(cut[0]).as("watches cut").isPositive();
        assertSameAsWithoutFaults(run);
        printWatchRecovery(run);
    }

    /** Lists and watches per informer path after the first fault, with the real time they took. */
    private static void printWatchRecovery(Run run) {
        List<FaultInjector.Exchange> reads = run.journal().stream()
                .filter(e -> e.method().equals("GET") && (e.isWatch() || e.path().contains("resourceVersion="))).toList();
        Map<String, Integer> byPath = new TreeMap<>();
        reads.forEach(e -> byPath.merge((e.isWatch() ? "WATCH " : "LIST ") + e.resourcePath(), 1, Integer::sum));
        System.out.println("k8s-faults list/watch by path: " + byPath);
        if (reads.isEmpty()) {
            return;
        }
        double seconds = Math.max(0.001, (reads.get(reads.size() - 1).nanos() - reads.get(0).nanos()) / 1e9);
        System.out.printf("k8s-faults list/watch requests: %d in %.2f s real time (%.1f/s)%n", reads.size(), seconds,
                reads.size() / seconds);
        List<FaultInjector.Exchange> failedWatches = run.injected().stream().filter(FaultInjector.Exchange::isWatch).toList();
        List<String> gaps = new ArrayList<>();
        for (int i = 1; i < failedWatches.size(); i++) {
            gaps.add(String.format("%.2fs", (failedWatches.get(i).nanos() - failedWatches.get(i - 1).nanos()) / 1e9));
        }
        if (!gaps.isEmpty()) {
            System.out.println("k8s-faults waits between failed watch attempts (real time): " + gaps);
        }
        for (int i = 1; i < failedWatches.size(); i++) {
            assertThat(Duration.ofNanos(failedWatches.get(i).nanos() - failedWatches.get(i - 1).nanos()))
                    .as("a failed watch is never re-opened sooner than the reconnect interval").isGreaterThanOrEqualTo(WATCH_RECONNECT);
        }
    }
}
