package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.validation.BuildCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances a canary by one tick: Flagger's scheduler as a function of the canary and the SPIs.
 *
 * <p>The engine holds no per-canary memory: everything that matters between ticks is in the
 * returned status, and a restarted controller resumes from the stored status with the same outcome.
 * Time comes from the injected clock; the engine never sleeps, it says when the next tick is due.
 * Backend failures become Warning events and hold the tick; the engine never throws for them.
 *
 * <p>This class is the phase machine: it decides which step a tick takes. The steps live in
 * classes of one purpose each — {@link Commands} (promote / abort / retry), {@link Revisions}
 * (initialization, new revisions), {@link AnalysisRun} (hooks and metric checks, the failed-check
 * count), {@link Rollouts} (promotion, finalisation, rollback), {@link Approvals} (the confirm-*
 * gates), {@link Cadence} (when the next step is due, and the split it steps from) — and what a
 * passing analysis does next is the tick's {@link Strategy}.
 */
public final class CanaryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryEngine.class);
    /** The provider whose router cannot shift traffic (Flagger's NopRouter). */
    public static final String KUBERNETES_PROVIDER = "kubernetes";
    /**
     * The provider of canaries that name none. Flagger defaults to Istio; CanaryKit's traffic layer
     * is the Gateway API, which needs no service mesh.
     */
    public static final String DEFAULT_PROVIDER = "gatewayapi";
    private static final Set<CanaryPhase> RUNNING = EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING_PROMOTION,
            CanaryPhase.PROMOTING, CanaryPhase.FINALISING);

    private final Clock clock;
    private final TrafficRouter defaultRouter;
    private final Map<String, TrafficRouter> routers;
    private final TargetController target;
    private final MetricEvaluator metrics;
    private final TickReporter report;
    private final SpecGate specGate;
    private final String defaultProvider;
    private final Duration minimumInterval;
    private final Rollouts rollouts;
    private final Commands commands;
    private final Revisions revisions;
    private final AnalysisRun analysis;
    private final Strategies strategies;

    private CanaryEngine(Builder b) {
        this.clock = b.clock;
        this.defaultRouter = b.defaultRouter;
        this.routers = Map.copyOf(b.routers);
        this.specGate = new SpecGate(BuildCapabilities.atLeast(b.metricProviders.types(), b.routers.keySet()));
        this.target = b.target;
        this.metrics = new MetricEvaluator(b.metricProviders, b.builtinMetrics, b.store, b.metricsServer, b.target);
        WebhookGates gates = new WebhookGates(b.webhookClient);
        this.report = new TickReporter(b.events, b.notifier, gates);
        this.defaultProvider = b.defaultProvider;
        this.minimumInterval = b.minimumInterval;
        RouteWriter routes = new RouteWriter(b.random);
        Approvals approvals = new Approvals(gates, report);
        this.rollouts = new Rollouts(target, report, gates, routes);
        this.commands = new Commands(report, rollouts);
        this.revisions = new Revisions(target, report, approvals, routes);
        this.analysis = new AnalysisRun(metrics, gates, report, rollouts, defaultProvider, b.evaluateAtTickTime);
        this.strategies = new Strategies(report, approvals, rollouts, routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * When the next tick is due: when the running canary's next step is due (the rest of the
     * interval after a held tick), or sooner while a sequential test watches an analysing canary —
     * its cadence, never past the next full analysis; one interval otherwise.
     */
    private Duration nextTickAfter(TickContext t) {
        Duration interval = interval(t.canary);
        CanaryPhase phase = t.status().phase();
        @Nullable Instant due = Cadence.dueAt(t.status(), interval);
        if (phase == null || !RUNNING.contains(phase) || due == null) {
            return interval;
        }
        Duration untilDue = Duration.between(t.now, due);
        Duration next;
        if (phase.isAnalysing() && t.status().lastAnalysisAt() != null && MetricEvaluator.hasSequential(t.canary)) {
            Duration cadence = t.canary.analysis().metrics().stream().map(CanaryMetric::sequential).filter(Objects::nonNull)
                    .map(SequentialTest::cadenceOrDefault).min(Duration::compareTo).orElse(interval);
            next = cadence.compareTo(untilDue) < 0 ? cadence : untilDue;
        } else if (untilDue.compareTo(Duration.ZERO) > 0) {
            next = untilDue;
        } else {
            // Nothing recorded in this tick (a hold for readiness, a failed backend): try again in an interval.
            return interval;
        }
        return next.compareTo(minimumInterval) < 0 ? minimumInterval : next;
    }

    /** When the next tick of {@code canary} is due after one that starts now. */
    public Duration interval(Canary canary) {
        Duration interval = canary.analysis().intervalOrDefault();
        return interval.compareTo(minimumInterval) < 0 ? minimumInterval : interval;
    }

    /** Advances {@code canary} by one tick. Never throws for backend failures or analysis outcomes. */
    public TickResult tick(Canary canary) {
        Objects.requireNonNull(canary, "canary");
        TickContext t = new TickContext(canary, clock.instant().truncatedTo(ChronoUnit.SECONDS));
        try {
            advance(t);
        } catch (RuntimeException e) {
            // Backend failures hold the tick; what was already done stays recorded.
            LOG.warn("canary={}/{} tick failed: {}", canary.namespace(), canary.name(), e.toString());
            report.warn(t, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        t.stampWrite();
        return t.finish(nextTickAfter(t));
    }

    private void advance(TickContext t) {
        Canary c = t.canary;
        Optional<CanaryCommand.Request> command = CanaryCommand.requested(c.metadata().annotations());
        if (command.isPresent() && command.get().id().equals(t.status().lastCommandId())) {
            command = Optional.empty(); // carried out already
        }
        if (c.spec().isSuspended() && command.isEmpty()) {
            report.normal(t, "skipping canary run as object is suspended");
            return;
        }
        if (!admitted(t)) {
            return;
        }
        t.provider = c.spec().providerOr(defaultProvider);
        t.router = routers.getOrDefault(t.provider, defaultRouter);
        if (command.isPresent() && commands.carryOut(t, command.get())) {
            return;
        }
        if (c.spec().isSuspended()) {
            report.normal(t, "skipping canary run as object is suspended");
            return;
        }
        boolean skip = c.spec().isSkipAnalysis();
        CanaryPhase phase = t.status().phase();
        boolean initializing = phase == null || phase == CanaryPhase.INITIALIZING;
        if (phase == CanaryPhase.TERMINATING || phase == CanaryPhase.TERMINATED) {
            return;
        }
        if (phase == null) {
            Phases.enter(t, CanaryPhase.INITIALIZING);
        }
        if (!skip && initializing) {
            Optional<String> unavailable = metrics.unavailableProvider(t.canary);
            if (unavailable.isPresent()) {
                report.warn(t, "Error checking metric providers: " + unavailable.get());
            } else {
                report.normal(t, "all the metrics providers are available!");
            }
        }
        target.initialize(t.canary);
        if (initializing && !skip && !rollouts.ready(t, target.isPrimaryReady(t.canary), false)) {
            return;
        }
        t.router.reconcile(t.canary);
        if (initializing) {
            target.scaleToZero(t.canary);
            revisions.markInitialized(t);
        }
        if (!revisions.shouldAdvance(t)) {
            return;
        }
        phase = Objects.requireNonNull(t.status().phase());
        if (!skip && !rollouts.ready(t, target.isPrimaryReady(t.canary), true)) {
            return;
        }
        Routes routes = t.router.routes(t.canary);
        if (!RUNNING.contains(phase)) {
            revisions.startRun(t, phase);
            return;
        }
        if (phase.isAnalysing() && target.hasTargetChanged(t.canary)) {
            revisions.restartRun(t);
            return;
        }
        if (!rollouts.ready(t, target.isCanaryReady(t.canary), false)) {
            return;
        }
        if (skip) {
            rollouts.promoteWithoutAnalysis(t);
            return;
        }
        if (phase.isAnalysing() && analysis.rollbackRequested(t)) {
            report.warn(t, "Rolling back " + t.dotted() + " manual webhook invoked");
            report.alert(t, "Rolling back manual webhook invoked", AlertSeverity.WARN, false);
            rollouts.rollback(t);
            return;
        }
        if (t.promoteRequest == null && Cadence.isEarly(t, interval(t.canary))) {
            // A retried or restarted tick before the step is due: no checks, no step (sequential tests keep their cadence).
            if (phase.isAnalysing() && analysis.isBetweenAnalyses(t, interval(t.canary))) {
                analysis.watchSequentialTests(t);
            }
            return;
        }
        if (phase == CanaryPhase.PROMOTING) {
            rollouts.shiftTrafficToPrimary(t, routes);
            return;
        }
        if (phase == CanaryPhase.FINALISING) {
            rollouts.finalise(t);
            return;
        }
        if (t.status().failedChecks() >= t.canary.analysis().thresholdOrDefault()) {
            rollouts.rollback(t);
            return;
        }
        // What the status committed to, not the live route: a route ahead of its lost status write is re-applied, not stepped on.
        t.liveRoutes = routes;
        Routes committed = Cadence.committed(t.status(), routes);
        AnalysisRun.Outcome outcome = analysis.analyse(t, committed);
        if (outcome == AnalysisRun.Outcome.ROLLBACK) {
            rollouts.rollback(t);
            return;
        }
        if (outcome == AnalysisRun.Outcome.FAIL) {
            analysis.countFailure(t);
            return;
        }
        if (outcome == AnalysisRun.Outcome.HOLD) {
            return;
        }
        analysis.countPass(t);
        if (t.promoteRequest != null && commands.promoteOnRequest(t)) {
            return;
        }
        CanaryAnalysis effective = strategies.effectiveAnalysis(t);
        strategies.choose(t, effective).advance(t, committed, effective);
    }

    /**
     * Whether the spec is valid; an invalid one is recorded in the status and, once per distinct
     * set of errors, in a Warning event, and the tick stops there: nothing is routed, scaled or promoted.
     */
    private boolean admitted(TickContext t) {
        List<String> errors = specGate.errors(t.canary);
        List<CanaryCondition> before = t.status().conditions();
        List<CanaryCondition> after = SpecGate.conditions(before, errors, t.now);
        if (after != before) {
            t.status(s -> s.conditions(after));
            if (!errors.isEmpty()) {
                report.warn(t, SpecGate.message(errors));
            }
        }
        return errors.isEmpty();
    }

    /** Configures an engine; every collaborator has a null-object default except the clock. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private TrafficRouter defaultRouter = TrafficRouter.NOOP;
        private final Map<String, TrafficRouter> routers = new HashMap<>();
        private TargetController target = TargetController.NOOP;
        private MetricProviderRegistry metricProviders = MetricProviderRegistry.EMPTY;
        private BuiltinMetrics builtinMetrics = BuiltinMetrics.NONE;
        private CanaryStore store = CanaryStore.NONE;
        private WebhookClient webhookClient = WebhookClient.APPROVE_ALL;
        private EventSink events = EventSink.NOOP;
        private Notifier notifier = Notifier.NOOP;
        private String defaultProvider = DEFAULT_PROVIDER;
        private String metricsServer = "http://prometheus:9090";
        private Duration minimumInterval = Duration.ofSeconds(1);
        /** Absent: each thread's own {@link ThreadLocalRandom}, as the engine is shared by workers. */
        private @Nullable RandomGenerator random;
        private boolean evaluateAtTickTime;

        private Builder() {
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The router for every provider without a router of its own. */
        public Builder trafficRouter(TrafficRouter value) {
            defaultRouter = Objects.requireNonNull(value, "router");
            return this;
        }

        /** The router for one provider id ({@code gatewayapi:v1}, {@code kubernetes}, ...). */
        public Builder trafficRouter(String provider, TrafficRouter value) {
            routers.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(value, "router"));
            return this;
        }

        public Builder targetController(TargetController value) {
            target = Objects.requireNonNull(value, "targetController");
            return this;
        }

        public Builder metricProviders(MetricProviderRegistry value) {
            metricProviders = Objects.requireNonNull(value, "metricProviders");
            return this;
        }

        public Builder builtinMetrics(BuiltinMetrics value) {
            builtinMetrics = Objects.requireNonNull(value, "builtinMetrics");
            return this;
        }

        /** Where MetricTemplates (and AlertProviders) are looked up. */
        public Builder store(CanaryStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        public Builder webhookClient(WebhookClient value) {
            webhookClient = Objects.requireNonNull(value, "webhookClient");
            return this;
        }

        public Builder eventSink(EventSink value) {
            events = Objects.requireNonNull(value, "eventSink");
            return this;
        }

        public Builder notifier(Notifier value) {
            notifier = Objects.requireNonNull(value, "notifier");
            return this;
        }

        /** The provider of canaries without {@code spec.provider} (Flagger's {@code -mesh-provider}). */
        public Builder defaultProvider(String value) {
            defaultProvider = Objects.requireNonNull(value, "defaultProvider");
            return this;
        }

        /** The Prometheus queried by builtin and inline metrics without {@code spec.metricsServer}. */
        public Builder metricsServer(String value) {
            metricsServer = Objects.requireNonNull(value, "metricsServer");
            return this;
        }

        /** The shortest tick period (Flagger's operator floors it at 10s; the engine accepts 1s). */
        public Builder minimumInterval(Duration value) {
            minimumInterval = Objects.requireNonNull(value, "minimumInterval");
            return this;
        }

        /**
         * Randomness for session-affinity cookie values. The engine ticks canaries on many threads:
         * a generator given here must be thread-safe (or be used by one thread only, as in tests).
         */
        public Builder random(RandomGenerator value) {
            random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Evaluates metric queries at the tick's time on the engine clock instead of the backend's
         * "now": replays a canary against recorded metrics (a backtest), or tests against fixed data.
         */
        public Builder evaluateAtTickTime(boolean value) {
            evaluateAtTickTime = value;
            return this;
        }

        public CanaryEngine build() {
            return new CanaryEngine(this);
        }
    }
}
