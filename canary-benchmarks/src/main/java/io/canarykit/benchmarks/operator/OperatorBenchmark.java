package io.canarykit.benchmarks.operator;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.benchmarks.JvmGauges;
import io.canarykit.benchmarks.ResultLine;
import io.canarykit.benchmarks.SteadyMetricProvider;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * The real {@link CanaryOperator} with 100s to 1,000s of canaries against the fabric8 mock API
 * server (CRUD mode, in this JVM), on virtual time: a manual timer and clock move one analysis
 * interval (1m) per round, every canary ticks once, and the round is measured — API requests by
 * verb at the server, the operator's analysis-tick latency, the CPU its threads used, GC. Two
 * steady states: idle (Initialized, nothing to do) and analysing (a blue/green run of a million
 * iterations: metrics, the load-test hook, an iteration, a status write and an Event per tick).
 * Heap is the operator's retained heap: with it running minus after it is closed (the server's
 * store, in the same JVM, stays). Run through {@code canary-benchmarks/run.sh operator}:
 *
 * <pre>
 * --canaries 100,1000,5000   fleet sizes
 * --rounds 3                 measured rounds per steady state
 * </pre>
 *
 * <p>One round is one minute of a real cluster's life compressed into however long its ticks
 * take: the CPU a round used, divided by 60 s, is the share of one core the operator needs at a
 * 1m interval.
 */
public final class OperatorBenchmark {

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private OperatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(100, 1_000, 5_000);
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--canaries" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (int size : sizes) {
            run(size, rounds);
        }
        System.exit(0);
    }

    private static void run(int size, int rounds) throws InterruptedException {
        KubernetesCrudHarness k8s = KubernetesCrudHarness.create();
        k8s.beforeAll(null);
        k8s.beforeEach(null);
        ClusterFleet fleet = new ClusterFleet(k8s.client(), size);
        long setup = System.nanoTime();
        fleet.create();
        System.out.printf("%,d Deployments and Canaries created in %.1f s%n", size, (System.nanoTime() - setup) / 1e9);

        try {
            long running = runOperator(k8s, fleet, size, rounds);
            // Everything the operator held is unreachable now; the server's store (same JVM) is not.
            long closed = JvmGauges.retainedHeapBytes();
            long perCanary = (running - closed) / size;
            System.out.printf("operator heap: %,d MB for %,d canaries, %,d bytes per canary%n", (running - closed) >> 20, size, perCanary);
            ResultLine.of("operator", "heap").with("canaries", size).with("operatorHeapMb", (running - closed) / (1024.0 * 1024))
                    .with("bytesPerCanary", perCanary).print();
        } catch (RuntimeException | InterruptedException e) {
            // Reported before the server is shut down: a stalled server can fail its shutdown too and hide this.
            System.out.printf("%,d canaries: gave up: %s%n", size, e);
            throw e;
        } finally {
            k8s.afterAll(null);
        }
    }

    /** Starts an operator, measures both steady states, and returns the retained heap while it ran. */
    private static long runOperator(KubernetesCrudHarness k8s, ClusterFleet fleet, int size, int rounds) throws InterruptedException {
        MutableClock clock = MutableClock.atEpochOfTests();
        ManualTickTimer timer = new ManualTickTimer();
        TickLatencies metrics = new TickLatencies();
        try (NamespacedKubernetesClient client = k8s.server().createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0)
                .withRequestTimeout(30_000).endConfig());
                // The work queue's default rate (10 keys a second) would take minutes to admit thousands of canaries.
                CanaryOperator operator = CanaryOperator.builder(client).namespaces(ClusterFleet.NAMESPACE).clock(clock).timer(timer)
                        .metricProviders(MetricProviderRegistry.of(new SteadyMetricProvider()))
                        .builtinMetrics(new PrometheusBuiltinMetrics()).webhookClient(WebhookClient.APPROVE_ALL)
                        .queueRateLimit(1_000_000, 1_000_000).metrics(metrics).build()) {
            operator.start();
            await("the operator is ready", operator::isReady);
            await("every canary ticked once", () -> metrics.ticks() >= size);
            operator.awaitIdle(PATIENCE);
            Round round = new Round(k8s, fleet, operator, clock, timer, metrics, size);
            round.until("Initialized", () -> metrics.countIn(CanaryPhase.INITIALIZED) == size);
            round.measure("idle", rounds).print();

            fleet.shipNewRevision("ghcr.io/stefanprodan/podinfo:6.0.1");
            round.until("analysing", () -> metrics.countIn(CanaryPhase.PROGRESSING) == size && metrics.analysed() == size);
            round.measure("analysing", rounds).print();
            return JvmGauges.retainedHeapBytes();
        }
    }

    /** Waits (up to {@link #PATIENCE}) for a condition the operator's threads bring about. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One interval of virtual time: the Deployment controller's part, caches in sync, every canary ticks once. */
    private record Round(KubernetesCrudHarness k8s, ClusterFleet fleet, CanaryOperator operator, MutableClock clock,
            ManualTickTimer timer, TickLatencies metrics, int size) {

        /** Runs unmeasured rounds until {@code done} (at most 10). */
        void until(String what, BooleanSupplier done) throws InterruptedException {
            for (int i = 0; i < 10 && !done.getAsBoolean(); i++) {
                metrics.reset();
                once();
            }
            if (!done.getAsBoolean()) {
                throw new IllegalStateException("the fleet is not " + what + " after 10 intervals: " + metrics.countIn(CanaryPhase.INITIALIZED)
                        + " Initialized, " + metrics.countIn(CanaryPhase.PROGRESSING) + " Progressing");
            }
            System.out.printf("%,d canaries %s%n", size, what);
        }

        /** {@code rounds} measured rounds. */
        ResultLine measure(String state, int rounds) throws InterruptedException {
            Map<String, Integer> verbs = new TreeMap<>(Map.of("GET", 0, "POST", 0, "PUT", 0, "PATCH", 0, "DELETE", 0));
            long operatorCpu = 0;
            long processCpu = 0;
            long gcMillis = 0;
            long wall = 0;
            int ticks = 0;
            metrics.reset();
            for (int r = 0; r < rounds; r++) {
                prepare();
                ThreadCpu cpu = new ThreadCpu();
                long process0 = JvmGauges.processCpuNanos();
                long gc0 = JvmGauges.gcMillis();
                long ticks0 = metrics.ticks();
                long wall0 = System.nanoTime();
                advance();
                wall += System.nanoTime() - wall0;
                // The informers still receive the watch events of the round's own writes: their work is part of the round.
                Thread.sleep(1_000 + size / 5);
                operatorCpu += cpu.operatorNanos();
                processCpu += JvmGauges.processCpuNanos() - process0;
                gcMillis += JvmGauges.gcMillis() - gc0;
                ticks += (int) (metrics.ticks() - ticks0);
                RequestCounts counts = k8s.requests().drain().withoutWatches();
                counts.byVerb().forEach((verb, n) -> verbs.merge(verb, n, Integer::sum));
            }
            double perRoundCpuSeconds = operatorCpu / 1e9 / rounds;
            ResultLine line = ResultLine.of("operator", "round").with("state", state).with("canaries", size).with("rounds", rounds)
                    .with("ticks", ticks);
            int tickCount = ticks;
            verbs.forEach((verb, n) -> line.with(verb.toLowerCase(java.util.Locale.ROOT) + "PerTick", (double) n / tickCount));
            line.with("analysisTicks", metrics.analysed()).with("p50Micros", metrics.quantileMicros(0.5))
                    .with("p99Micros", metrics.quantileMicros(0.99)).with("roundWallMillis", wall / 1e6 / rounds)
                    .with("operatorCpuMillisPerRound", perRoundCpuSeconds * 1e3)
                    .with("processCpuMillisPerRound", processCpu / 1e6 / rounds)
                    .with("coreShareAt1m", perRoundCpuSeconds / INTERVAL.toSeconds()).with("gcMillisPerRound", (double) gcMillis / rounds);
            System.out.printf("%s: %,d ticks, requests (all rounds) %s, analysis tick p50 %.0f µs p99 %.0f µs, operator CPU %.0f ms per round"
                    + " (%.2f%% of a core at 1m)%n", state, ticks, verbs, metrics.quantileMicros(0.5), metrics.quantileMicros(0.99),
                    perRoundCpuSeconds * 1e3, perRoundCpuSeconds / INTERVAL.toSeconds() * 100);
            return line;
        }

        private void once() throws InterruptedException {
            prepare();
            advance();
        }

        /** The Deployment controller's part, then waits until the operator's caches hold what the server holds. */
        private void prepare() throws InterruptedException {
            fleet.rollOutDeployments();
            await("the operator's caches are in sync", this::inSync);
            k8s.requests().clear();
        }

        private void advance() throws InterruptedException {
            clock.add(INTERVAL);
            timer.advance(INTERVAL);
            if (!operator.awaitIdle(PATIENCE)) {
                throw new IllegalStateException("ticks still running after " + PATIENCE);
            }
        }

        private boolean inSync() {
            KubernetesCaches caches = operator.caches().orElseThrow();
            Map<String, GenericKubernetesResource> canaries = fleet.canaries();
            var deployments = fleet.deployments();
            return canaries.values().stream().allMatch(c -> sameVersion(caches.canaries().get(ClusterFleet.NAMESPACE,
                    c.getMetadata().getName()).map(x -> x.getMetadata().getResourceVersion()).orElse(null), c.getMetadata().getResourceVersion()))
                    && deployments.values().stream().allMatch(d -> sameVersion(caches.deployments().get(ClusterFleet.NAMESPACE,
                    d.getMetadata().getName()).map(x -> x.getMetadata().getResourceVersion()).orElse(null), d.getMetadata().getResourceVersion()));
        }

        private static boolean sameVersion(String cached, String server) {
            return Objects.equals(cached, server);
        }
    }
}
