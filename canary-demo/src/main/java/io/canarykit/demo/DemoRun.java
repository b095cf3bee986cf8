package io.canarykit.demo;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.webhook.JdkWebhookClient;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One run of the demo: starts v1 and v2, the router and the loadtester on 127.0.0.1, runs the
 * reference canary through the real engine on the real clock until it is Succeeded or Failed, and
 * stops everything. The engine never sleeps; this driver waits for each tick's
 * {@code rescheduleAfter}, as an operator's work queue would.
 */
public final class DemoRun {

    /** A run that has not finished after this many ticks is stopped (Flagger's progress deadline, roughly). */
    static final int MAX_TICKS = 100;
    private static final String PROVIDER_TYPE = "prometheus";

    /** Prometheus must have scraped each pod twice by then: 5 s of file_sd hand-over plus two scrapes at up to 15 s, with margin. */
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(60);
    /** The reference's own windows ({@code [1m]} in the template, {@code interval: 1m} for the builtin): several scrapes wide. */
    static final Duration PROMETHEUS_WINDOW = Duration.ofMinutes(1);
    private static final Duration QUERYABLE_TIMEOUT = Duration.ofSeconds(10);

    private final DemoSettings settings;
    private final Clock clock;
    private final Consumer<Tick> progress;
    private final Consumer<String> notes;

    public DemoRun(DemoSettings settings, Clock clock, Consumer<Tick> progress) {
        this(settings, clock, progress, note -> { });
    }

    /** {@code notes} receives what the run does before its first tick (writing the targets, waiting for scrapes). */
    public DemoRun(DemoSettings settings, Clock clock, Consumer<Tick> progress, Consumer<String> notes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.notes = Objects.requireNonNull(notes, "notes");
    }

    /**
     * Runs the demo to its end.
     *
     * @throws DemoSetupException in Prometheus mode, when Prometheus does not scrape the pods or
     *     scrapes them too rarely for the interval
     */
    public DemoResult run() throws InterruptedException {
        RequestLog log = new RequestLog();
        try (InProcessDeployment primary = new InProcessDeployment("prod", "web-primary-5f6b7c9d8-q8r9s", Release.healthy("v1"));
                InProcessDeployment canary = new InProcessDeployment("prod", "web-7d9c8b6f5-x2k4p", Release.healthy("v1"));
                WeightedRouter router = new WeightedRouter(primary.uri(), canary.uri(), log, clock);
                LoadTestWebhook loadtester = new LoadTestWebhook(new LoadGenerator())) {
            DemoTarget target = new DemoTarget(primary, canary);
            PrometheusBuiltinMetrics builtins = new PrometheusBuiltinMetrics();
            if (settings.metrics() instanceof MetricsBackend.Prometheus prometheus) {
                try (ScrapeTargets targets = ScrapeTargets.write(prometheus.targetsFile(), List.of(primary.target(), canary.target()))) {
                    notes.accept("targets " + primary.target() + " (v1, pod " + primary.podName() + ") and " + canary.target()
                            + " (v2, pod " + canary.podName() + ") written to " + targets.file() + "; waiting for Prometheus to scrape them");
                    DemoCanary demo = DemoCanary.reference().forDemo(settings.interval(), PROMETHEUS_WINDOW, loadtester.uri(), router.uri())
                            .withMetricsAddress(prometheus.url().toString());
                    awaitPrometheus(prometheus, List.of(primary, canary),
                            DemoQueries.of(demo.canary(), demo.templates(), builtins, CanaryEngine.DEFAULT_PROVIDER).keySet());
                    try (PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults()) {
                        CanaryEngine engine = engine(demo, provider, builtins, target, router)
                                .metricsServer(prometheus.url().toString()).build();
                        return drive(engine, demo.canary(), target, router, log);
                    }
                }
            }
            DemoCanary demo = DemoCanary.reference().forDemo(settings.interval(), settings.interval(), loadtester.uri(), router.uri());
            if (settings.sequential()) {
                demo = demo.withSequentialTest();
            }
            RecordedMetricProvider metrics = new RecordedMetricProvider(PROVIDER_TYPE, log, clock,
                    DemoQueries.of(demo.canary(), demo.templates(), builtins, CanaryEngine.DEFAULT_PROVIDER));
            CanaryEngine engine = engine(demo, metrics, builtins, target, router).build();
            if (!settings.sequential()) {
                return drive(engine, demo.canary(), target, router, log);
            }
            // The sequential test watches between the analyses, when the load-test hook is idle: keep traffic flowing.
            try (BackgroundLoad load = BackgroundLoad.start(router.uri())) {
                return drive(engine, demo.canary(), target, router, log);
            }
        }
    }

    /** The interval as configured: an observed gap between two scrapes, to the nearest 100 ms (scrapes jitter by a few ms). */
    static Duration nominal(Duration observed) {
        return Duration.ofMillis(Math.max(100, Math.round(observed.toMillis() / 100.0) * 100));
    }

    private CanaryEngine.Builder engine(DemoCanary demo, MetricProvider metrics, PrometheusBuiltinMetrics builtins, DemoTarget target,
            WeightedRouter router) {
        return CanaryEngine.builder()
                .clock(clock)
                .trafficRouter(router)
                .targetController(target)
                .metricProviders(MetricProviderRegistry.builder().register(metrics).build())
                .builtinMetrics(builtins)
                .store(new InMemoryCanaryStore().applyAll(demo.templates()))
                .webhookClient(JdkWebhookClient.ofDefaults())
                .eventSink(EventSink.NOOP);
    }

    /**
     * Waits until Prometheus scrapes both pods and answers their series, and refuses an interval
     * shorter than two scrape intervals: a check then could see at most one new sample of the
     * canary, and {@code rate()} would often have nothing to compare it with.
     */
    private void awaitPrometheus(MetricsBackend.Prometheus prometheus, List<InProcessDeployment> pods, Collection<String> queries)
            throws InterruptedException {
        long start = System.nanoTime();
        Duration scrape = nominal(ScrapeWait.untilScrapedTwice(pods, SCRAPE_TIMEOUT, "give that Prometheus the scrape config printed"
                + " above (or run it with one) and check that it reads " + prometheus.targetsFile()));
        Duration least = scrape.multipliedBy(2);
        if (settings.interval().compareTo(least) < 0) {
            throw new DemoSetupException("--interval " + GoDuration.format(settings.interval()) + " is shorter than two scrape intervals"
                    + " (Prometheus scrapes the pods every " + GoDuration.format(scrape) + "): each check must see at least two new samples"
                    + " of the canary; use --interval " + GoDuration.format(least) + " or more, or scrape more often");
        }
        try (PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults()) {
            ScrapeWait.untilQueryable(provider, prometheus.url(), pods, QUERYABLE_TIMEOUT);
            ScrapeWait.untilQuiet(provider, new MetricSource("prod", MetricTemplateProvider.prometheus(prometheus.url().toString())),
                    queries, PROMETHEUS_WINDOW.plus(QUERYABLE_TIMEOUT), notes);
        }
        notes.accept("Prometheus " + prometheus.url() + " scrapes the pods every " + GoDuration.format(scrape) + " and answers their series ("
                + DemoOutput.seconds(Duration.ofNanos(System.nanoTime() - start)) + " after the targets were written)");
    }

    private DemoResult drive(CanaryEngine engine, Canary initial, DemoTarget target, WeightedRouter router, RequestLog log)
            throws InterruptedException {
        // Initialization happens before t=0 (primary created, Initialized); then v2 is shipped.
        Canary current = engine.tick(initial).canary();
        target.ship(settings.scenario().canaryRelease());
        Instant zero = clock.instant();
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < MAX_TICKS; i++) {
            Instant started = clock.instant();
            TickResult result = engine.tick(current);
            current = result.canary();
            Routes routes = router.routes(current);
            CanaryPhase phase = current.status().phase() == null ? CanaryPhase.INITIALIZING : current.status().phase();
            // The state after the tick, at the moment the tick ended (a load-test hook makes a tick last one interval).
            Tick tick = new Tick(i, Duration.between(zero, clock.instant()).truncatedTo(ChronoUnit.MILLIS), phase,
                    routes.canaryWeight(), routes.primaryWeight(), routes.mirrored(), current.status().failedChecks(),
                    current.status().iterations(), result.checks(), result.webhooks(), result.events());
            ticks.add(tick);
            progress.accept(tick);
            if (phase == CanaryPhase.SUCCEEDED || phase == CanaryPhase.FAILED) {
                break;
            }
            Duration wait = Duration.between(clock.instant(), started.plus(result.rescheduleAfter()));
            if (!wait.isNegative() && !wait.isZero()) {
                Thread.sleep(wait.toMillis());
            }
        }
        Timeline timeline = new Timeline(current, ticks);
        return new DemoResult(timeline, log.count(ServedRequest.Side.PRIMARY), log.count(ServedRequest.Side.CANARY),
                log.errors(ServedRequest.Side.CANARY), timeToRollback(timeline, router, log));
    }

    /** From the first 5xx the canary served to the first time the router applied weight 0 after it. */
    static Optional<Duration> timeToRollback(Timeline timeline, WeightedRouter router, RequestLog log) {
        if (timeline.result() != CanaryPhase.FAILED) {
            return Optional.empty();
        }
        return log.firstError(ServedRequest.Side.CANARY).flatMap(first -> router.changes().stream()
                .filter(c -> c.routes().canaryWeight() == 0 && c.at().isAfter(first.at()))
                .findFirst()
                .map(c -> Duration.between(first.at(), c.at())));
    }
}
