package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.DeploymentStrategy;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.model.ThresholdMode;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.model.WireEnum;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookResult;
import io.canarykit.core.validation.BuildCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private static final Set<CanaryPhase> ADVANCING = EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING,
            CanaryPhase.WAITING_PROMOTION, CanaryPhase.PROMOTING, CanaryPhase.FINALISING);
    private static final Set<CanaryPhase> RUNNING = EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING_PROMOTION,
            CanaryPhase.PROMOTING, CanaryPhase.FINALISING);
    private static final String COOKIE_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Clock clock;
    private final TrafficRouter defaultRouter;
    private final Map<String, TrafficRouter> routers;
    private final TargetController target;
    private final MetricEvaluator metrics;
    private final WebhookGates gates;
    private final TickReporter report;
    private final SpecGate specGate;
    private final String defaultProvider;
    private final Duration minimumInterval;
    private final @Nullable RandomGenerator random;
    private final boolean evaluateAtTickTime;

    private CanaryEngine(Builder b) {
        this.clock = b.clock;
        this.defaultRouter = b.defaultRouter;
        this.routers = Map.copyOf(b.routers);
        this.specGate = new SpecGate(BuildCapabilities.atLeast(b.metricProviders.types(), b.routers.keySet()));
        this.target = b.target;
        this.metrics = new MetricEvaluator(b.metricProviders, b.builtinMetrics, b.store, b.metricsServer, b.target);
        this.gates = new WebhookGates(b.webhookClient);
        this.report = new TickReporter(b.events, b.notifier, gates);
        this.defaultProvider = b.defaultProvider;
        this.minimumInterval = b.minimumInterval;
        this.random = b.random;
        this.evaluateAtTickTime = b.evaluateAtTickTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * When the next tick is due: one analysis interval, or sooner while a sequential test watches an
     * analysing canary — its cadence, never past the next full analysis.
     */
    private Duration nextTickAfter(TickContext t) {
        Duration interval = interval(t.canary);
        CanaryPhase phase = t.status().phase();
        Instant last = t.status().lastAnalysisAt();
        if (phase == null || !phase.isAnalysing() || last == null || !MetricEvaluator.hasSequential(t.canary)) {
            return interval;
        }
        Duration cadence = t.canary.analysis().metrics().stream().map(CanaryMetric::sequential).filter(Objects::nonNull)
                .map(SequentialTest::cadenceOrDefault).min(Duration::compareTo).orElse(interval);
        Duration untilAnalysis = Duration.between(t.now, last.plus(interval));
        Duration next = cadence.compareTo(untilAnalysis) < 0 ? cadence : untilAnalysis;
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
        return t.finish(nextTickAfter(t));
    }

    private void advance(TickContext t) {
        Canary c = t.canary;
        Optional<CanaryCommand.Request> command = CanaryCommand.requested(c.metadata().annotations())
                .filter(r -> !r.id().equals(t.status().lastCommandId()));
        if (c.spec().isSuspended() && command.isEmpty()) {
            report.normal(t, "skipping canary run as object is suspended");
            return;
        }
        if (!admitted(t)) {
            return;
        }
        String provider = c.spec().providerOr(defaultProvider);
        TrafficRouter router = routers.getOrDefault(provider, defaultRouter);
        if (command.isPresent() && carryOut(t, command.get(), router)) {
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
            setPhase(t, CanaryPhase.INITIALIZING);
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
        if (initializing && !skip && !ready(t, router, target.isPrimaryReady(t.canary), false)) {
            return;
        }
        router.reconcile(t.canary);
        if (initializing) {
            target.scaleToZero(t.canary);
            markInitialized(t);
        }
        if (!shouldAdvance(t)) {
            return;
        }
        phase = Objects.requireNonNull(t.status().phase());
        if (!skip && !ready(t, router, target.isPrimaryReady(t.canary), true)) {
            return;
        }
        Routes routes = router.routes(t.canary);
        if (!RUNNING.contains(phase)) {
            startRun(t, phase);
            return;
        }
        if (phase.isAnalysing() && target.hasTargetChanged(t.canary)) {
            restartRun(t, router);
            return;
        }
        if (!ready(t, router, target.isCanaryReady(t.canary), false)) {
            return;
        }
        if (skip) {
            promoteWithoutAnalysis(t, router);
            return;
        }
        if (phase.isAnalysing() && rollbackRequested(t)) {
            report.warn(t, "Rolling back " + t.dotted() + " manual webhook invoked");
            report.alert(t, "Rolling back manual webhook invoked", AlertSeverity.WARN, false);
            rollback(t, router);
            return;
        }
        if (phase == CanaryPhase.PROMOTING) {
            shiftTrafficToPrimary(t, router, routes, provider);
            return;
        }
        if (phase == CanaryPhase.FINALISING) {
            finalise(t);
            return;
        }
        CanaryAnalysis analysis = t.canary.analysis();
        if (t.status().failedChecks() >= analysis.thresholdOrDefault()) {
            rollback(t, router);
            return;
        }
        if (isBetweenAnalyses(t) && t.promoteRequest == null) {
            watchSequentialTests(t, router);
            return;
        }
        Outcome outcome = analyse(t, routes);
        if (outcome == Outcome.ROLLBACK) {
            rollback(t, router);
            return;
        }
        if (outcome == Outcome.FAIL) {
            countFailure(t, router);
            return;
        }
        if (outcome == Outcome.HOLD) {
            return;
        }
        countPass(t);
        if (t.promoteRequest != null && promoteOnRequest(t)) {
            return;
        }
        analysis = effectiveAnalysis(t, provider);
        DeploymentStrategy strategy = analysis.strategy();
        if (strategy == DeploymentStrategy.AB_TESTING) {
            runAbTesting(t, router, analysis);
        } else if (strategy == DeploymentStrategy.BLUE_GREEN) {
            runBlueGreen(t, router, routes, analysis, provider);
        } else {
            runCanary(t, router, routes, analysis);
        }
    }

    // ---- commands (canary promote / abort / retry) ----------------------------------------------

    /**
     * Carries out a {@link CanaryCommand} whose nonce the status has not recorded; returns whether
     * the tick ends here. The nonce is recorded when the command is done or cannot be done, with an
     * event either way; a {@code promote} waiting for a passing analysis stays pending meanwhile.
     */
    private boolean carryOut(TickContext t, CanaryCommand.Request request, TrafficRouter router) {
        String id = request.id();
        CanaryPhase phase = t.status().phase();
        if (request.command().isEmpty()) {
            t.status(s -> s.lastCommandId(id));
            report.warn(t, "Ignoring command \"" + request.verb() + "\" (" + id + ") on " + t.dotted() + ": expected one of "
                    + WireEnum.wireNames(CanaryCommand.class));
            return false;
        }
        CanaryCommand command = request.command().get();
        String by = "canary " + (command == CanaryCommand.PROMOTE_FULL ? "promote --full" : command.wireName()) + " (" + id + ")";
        boolean running = phase != null && (phase.isAnalysing() || phase == CanaryPhase.WAITING);
        switch (command) {
            case ABORT -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.status(s -> s.lastCommandId(id));
                report.warn(t, "Rolling back " + t.dotted() + " aborted by " + by);
                report.alert(t, "Rolling back: aborted by " + by, AlertSeverity.WARN, false);
                rollback(t, router);
                return true;
            }
            case RETRY -> {
                if (phase != CanaryPhase.FAILED) {
                    return ignored(t, id, by, phase);
                }
                // Forgetting the applied revision makes the failed one new again: this tick starts its run.
                t.status(s -> s.lastCommandId(id).lastAppliedSpec(null));
                report.normal(t, "Retrying the analysis of " + t.target() + " requested by " + by);
                return false;
            }
            case PROMOTE_FULL -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.status(s -> s.lastCommandId(id));
                report.normal(t, "Promoting " + t.target() + " now, requested by " + by);
                promote(t);
                return true;
            }
            case PROMOTE -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.promoteRequest = id;
                return false;
            }
        }
        return false;
    }

    private boolean ignored(TickContext t, String id, String by, @Nullable CanaryPhase phase) {
        t.status(s -> s.lastCommandId(id));
        report.warn(t, "Ignoring " + by + " on " + t.dotted() + ": the canary is " + (phase == null ? "new" : phase.wireName())
                + (phase == CanaryPhase.FAILED ? "" : ", not waiting or analysing"));
        return false;
    }

    /**
     * A pending {@code canary promote} after an analysis that passed: promotes, unless no metric was
     * checked at this tick (the first analysis tick runs pre-rollout hooks only) — a person may skip
     * steps, not evidence; the request then waits for the next analysis.
     */
    private boolean promoteOnRequest(TickContext t) {
        if (!t.canary.analysis().metrics().isEmpty() && t.checks.isEmpty()) {
            return false;
        }
        String id = Objects.requireNonNull(t.promoteRequest);
        t.status(s -> s.lastCommandId(id));
        report.normal(t, "Promoting " + t.target() + ": remaining steps skipped by canary promote (" + id + ")");
        promote(t);
        return true;
    }

    // ---- initialization and revisions -------------------------------------------------------

    private void markInitialized(TickContext t) {
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> s.lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs())
                .failedChecks(0).canaryWeight(0).iterations(0));
        setPhase(t, CanaryPhase.INITIALIZED);
        report.normal(t, "Initialization done! " + t.dotted());
        report.alert(t, "New " + TickReporter.kind(t) + " detected, initialization completed.", AlertSeverity.INFO, true);
    }

    /**
     * Idle phases move only for a new revision. A foreign (Go Flagger) hash is re-baselined first,
     * in every phase: a canary taken over mid-run carries on; an idle one stays idle.
     */
    private boolean shouldAdvance(TickContext t) {
        CanaryPhase phase = Objects.requireNonNull(t.status().phase());
        String applied = t.status().lastAppliedSpec();
        if (applied != null && !applied.isEmpty() && !TargetRevision.isOwnHash(applied)) {
            TargetRevision revision = target.revision(t.canary);
            LOG.info("canary={}/{} re-baselined foreign revision hash {} as {}", t.canary.namespace(), t.canary.name(),
                    applied, revision.specHash());
            String promoted = t.status().lastPromotedSpec();
            boolean promotedForeign = promoted == null || promoted.isEmpty() || !TargetRevision.isOwnHash(promoted);
            t.status(s -> s.lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs())
                    .lastPromotedSpec(promotedForeign && !ADVANCING.contains(phase) ? revision.specHash() : promoted));
            return ADVANCING.contains(phase);
        }
        if (ADVANCING.contains(phase)) {
            return true;
        }
        return target.hasTargetChanged(t.canary);
    }

    /** A new revision (or a waiting one): confirm-rollout gates the start, then the canary scales up. */
    private void startRun(TickContext t, CanaryPhase phase) {
        if (phase == CanaryPhase.WAITING && t.promoteRequest != null) {
            String id = t.promoteRequest;
            t.status(s -> s.lastCommandId(id));
            report.normal(t, "Rollout of " + t.target() + " approved by canary promote (" + id + ")");
        } else if (!rolloutConfirmed(t, phase)) {
            return;
        }
        report.normal(t, "New revision detected! Scaling up " + t.target());
        report.alert(t, "New revision detected, progressing canary analysis.", AlertSeverity.INFO, true);
        target.scaleFromZero(t.canary);
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> clearRun(s).lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs()));
        setPhase(t, CanaryPhase.PROGRESSING);
    }

    /** The confirm-rollout gates: a denial parks the canary in Waiting. */
    private boolean rolloutConfirmed(TickContext t, CanaryPhase phase) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_ROLLOUT, phase.wireName(),
                hook -> report.normal(t, "Confirm-rollout check " + hook.name() + " passed"));
        if (denial.isPresent()) {
            if (phase != CanaryPhase.WAITING) {
                setPhase(t, CanaryPhase.WAITING);
                report.warn(t, "Halt " + t.dotted() + " advancement waiting for approval " + denial.get().hook().name());
                if (!denial.get().hook().alertsMuted()) {
                    report.alert(t, "Canary is waiting for approval.", AlertSeverity.WARN, false);
                }
            }
            return false;
        }
        return true;
    }

    /** A fresh run: no failures, no weight, no iterations, no analysis history. */
    private static CanaryStatus.Builder clearRun(CanaryStatus.Builder s) {
        return s.failedChecks(0).canaryWeight(0).iterations(0).analysisStartedAt(null).lastAnalysisAt(null)
                .insufficientChecks(Map.of()).lastChecks(List.of());
    }

    private static List<MetricCheckStatus> checkStatuses(List<CheckResult> results, Instant now) {
        return results.stream().map(r -> new MetricCheckStatus(r.metric(), r.verdict().wireName(), finite(r.value()), r.min(),
                r.max(), now)).toList();
    }

    /** A value the status can carry: JSON has no NaN or infinities. */
    private static @Nullable Double finite(@Nullable Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    /** {@code earlier} with the metrics of {@code latest} replaced (sequential tests between analyses check only themselves). */
    private static List<MetricCheckStatus> withLatest(List<MetricCheckStatus> earlier, List<MetricCheckStatus> latest) {
        Map<String, MetricCheckStatus> byName = new LinkedHashMap<>();
        earlier.forEach(c -> byName.put(c.name(), c));
        latest.forEach(c -> byName.put(c.name(), c));
        return List.copyOf(byName.values());
    }

    private void restartRun(TickContext t, TrafficRouter router) {
        report.normal(t, "New revision detected! Restarting analysis for " + t.target());
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> clearRun(s).lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs()));
        setPhase(t, CanaryPhase.PROGRESSING);
        setRoutes(t, router, Routes.PRIMARY_ONLY);
    }

    /**
     * Applies a readiness answer: a retriable "not ready" holds the tick; a final one rolls back (or
     * fails the promotion when the primary is being promoted).
     */
    private boolean ready(TickContext t, TrafficRouter router, Readiness readiness, boolean primaryDuringRun) {
        if (!(readiness instanceof Readiness.NotReady notReady)) {
            return true;
        }
        report.warn(t, notReady.message());
        if (!notReady.retriable()) {
            CanaryPhase phase = t.status().phase();
            if (primaryDuringRun && (phase == CanaryPhase.PROMOTING || phase == CanaryPhase.FINALISING)) {
                failPromotion(t, router, notReady.message());
            } else {
                rollback(t, router);
            }
        }
        return false;
    }

    // ---- analysis ---------------------------------------------------------------------------

    /** What an analysis tick concluded. */
    private enum Outcome {
        PASS, FAIL, HOLD, ROLLBACK
    }

    /**
     * The first analysis tick runs pre-rollout hooks only (no canary traffic yet); later ticks run
     * rollout hooks, then the metrics. A failed check fails the tick; a sequential test's rejection
     * rolls back at once; insufficient data holds it (up to each metric's limit).
     */
    private Outcome analyse(TickContext t, Routes routes) {
        CanaryAnalysis analysis = t.canary.analysis();
        if (routes.canaryWeight() == 0 && t.status().iterations() == 0 && !(analysis.isMirror() && routes.mirrored())) {
            report.normal(t, "Starting canary analysis for " + t.target());
            Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.PRE_ROLLOUT, CanaryPhase.PROGRESSING.wireName(),
                    hook -> report.normal(t, "Pre-rollout check " + hook.name() + " passed"));
            denial.ifPresent(d -> report.warn(t, "Halt " + t.dotted() + " advancement pre-rollout check " + d.hook().name()
                    + " failed " + d.message()));
            // Canary traffic starts with this tick: cumulative counts ({{ elapsed }}) are measured from here.
            t.status(s -> s.analysisStartedAt(t.now).lastAnalysisAt(t.now));
            return denial.isEmpty() ? Outcome.PASS : Outcome.FAIL;
        }
        t.status(s -> s.lastAnalysisAt(t.now));
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.ROLLOUT, CanaryPhase.PROGRESSING.wireName(), hook -> {
        });
        if (denial.isPresent()) {
            report.warn(t, "Halt " + t.dotted() + " advancement external check " + denial.get().hook().name() + " failed "
                    + denial.get().message());
            return Outcome.FAIL;
        }
        List<CheckResult> results = metrics.evaluate(t.canary, MetricEvaluator.observer(t.canary, defaultProvider),
                evaluateAtTickTime ? t.now : null, t.now);
        t.checks.addAll(results);
        t.status(s -> s.lastChecks(checkStatuses(results, t.now)));
        for (CheckResult result : results) {
            if (result.verdict().isFailure()) {
                report.warn(t, result.message());
                return result.isSequentialRejection() ? sequentialRejection(t, result) : Outcome.FAIL;
            }
        }
        return insufficientData(t, results);
    }

    private Outcome sequentialRejection(TickContext t, CheckResult rejection) {
        report.warn(t, "Rolling back " + t.dotted() + " sequential test " + rejection.metric() + " rejected the canary");
        report.alert(t, "Sequential test " + rejection.metric() + " rejected the canary: " + rejection.message(), AlertSeverity.ERROR,
                false);
        return Outcome.ROLLBACK;
    }

    /**
     * Insufficient data holds the canary — neither a failure nor a pass — until a metric has had
     * too little data for its limit of checks in a row; then it fails. Silence never promotes.
     */
    private Outcome insufficientData(TickContext t, List<CheckResult> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Outcome outcome = Outcome.PASS;
        for (CheckResult result : results) {
            if (result.verdict() != Verdict.INSUFFICIENT_DATA) {
                continue;
            }
            int count = t.status().insufficientChecks().getOrDefault(result.metric(), 0) + 1;
            int limit = insufficientLimit(t.canary, result.metric());
            if (count >= limit) {
                report.warn(t, "Halt " + t.dotted() + " advancement " + result.metric() + " had insufficient data for " + count
                        + " checks in a row: " + result.message());
                outcome = Outcome.FAIL;
            } else {
                counts.put(result.metric(), count);
                report.warn(t, result.message());
                if (outcome == Outcome.PASS) {
                    outcome = Outcome.HOLD;
                }
            }
        }
        t.status(s -> s.insufficientChecks(counts));
        t.promoteEarly = outcome == Outcome.PASS && promotesEarly(t.canary, results);
        return outcome;
    }

    private static int insufficientLimit(Canary canary, String metricName) {
        return canary.analysis().metrics().stream().filter(m -> m.name().equals(metricName)).findFirst()
                .map(m -> m.minSamples() != null ? m.minSamples().maxInsufficientChecksOrDefault()
                        : SampleRequirement.DEFAULT_MAX_INSUFFICIENT_CHECKS)
                .orElse(SampleRequirement.DEFAULT_MAX_INSUFFICIENT_CHECKS);
    }

    /** Every sequential test asked to promote early, and every one has accepted. */
    private static boolean promotesEarly(Canary canary, List<CheckResult> results) {
        List<CanaryMetric> sequential = canary.analysis().metrics().stream().filter(CanaryMetric::isSequential).toList();
        return !sequential.isEmpty() && sequential.stream().allMatch(m -> m.sequential().isPromoteEarly()
                && results.stream().anyMatch(r -> r.metric().equals(m.name()) && r.passed()));
    }

    /** Between two analyses only the sequential tests run, at their faster cadence. */
    private boolean isBetweenAnalyses(TickContext t) {
        Instant last = t.status().lastAnalysisAt();
        return last != null && MetricEvaluator.hasSequential(t.canary) && t.now.isBefore(last.plus(interval(t.canary)));
    }

    private void watchSequentialTests(TickContext t, TrafficRouter router) {
        List<CheckResult> results = metrics.evaluateSequential(t.canary, evaluateAtTickTime ? t.now : null, t.now);
        t.checks.addAll(results);
        t.status(s -> s.lastChecks(withLatest(t.status().lastChecks(), checkStatuses(results, t.now))));
        for (CheckResult result : results) {
            if (result.isSequentialRejection()) {
                report.warn(t, result.message());
                sequentialRejection(t, result);
                rollback(t, router);
                return;
            }
        }
    }

    /** One more failed check; reaching the threshold rolls back in this very tick. */
    private void countFailure(TickContext t, TrafficRouter router) {
        t.status(s -> s.failedChecks(t.status().failedChecks() + 1));
        if (t.status().failedChecks() >= t.canary.analysis().thresholdOrDefault()) {
            rollback(t, router);
        }
    }

    /** In {@code consecutive} mode a passing check clears the count; {@code cumulative} keeps it. */
    private void countPass(TickContext t) {
        if (t.canary.analysis().thresholdModeOrDefault() == ThresholdMode.CONSECUTIVE && t.status().failedChecks() != 0) {
            t.status(s -> s.failedChecks(0));
        }
    }

    private boolean rollbackRequested(TickContext t) {
        for (CanaryWebhook hook : t.canary.analysis().webhooksOf(WebhookType.ROLLBACK)) {
            String phase = Objects.requireNonNull(t.status().phase()).wireName();
            WebhookResult result = gates.call(t, hook, WebhookType.ROLLBACK, phase, hook.metadata());
            if (result.isSuccess()) {
                report.warn(t, "Rollback check " + hook.name() + " passed");
                return true;
            }
            report.normal(t, "Rollback hook " + hook.name() + " not signaling a rollback");
        }
        return false;
    }

    /** The kubernetes provider cannot shift weights or match requests: it runs blue/green (10 iterations by default). */
    private CanaryAnalysis effectiveAnalysis(TickContext t, String provider) {
        CanaryAnalysis a = t.canary.analysis();
        if (!KUBERNETES_PROVIDER.equals(provider)) {
            return a;
        }
        List<io.canarykit.api.model.HttpMatchRequest> match = a.match();
        if (!match.isEmpty()) {
            report.warn(t, "A/B testing is not supported when using the kubernetes provider");
            match = List.of();
        }
        Integer iterations = a.iterations();
        if (a.iterationsOrZero() < 1) {
            report.warn(t, "Progressive traffic is not supported when using the kubernetes provider");
            report.warn(t, "Setting canaryAnalysis.iterations: 10");
            iterations = 10;
        }
        return new CanaryAnalysis(a.interval(), iterations, a.mirror(), a.mirrorWeight(), a.maxWeight(), a.stepWeight(),
                a.stepWeights(), a.stepWeightPromotion(), a.threshold(), a.primaryReadyThreshold(), a.canaryReadyThreshold(),
                a.alerts(), a.metrics(), a.webhooks(), match, a.sessionAffinity(), a.thresholdMode());
    }

    // ---- strategies ---------------------------------------------------------------------------

    private void runCanary(TickContext t, TrafficRouter router, Routes routes, CanaryAnalysis analysis) {
        if (WeightSchedule.increment(analysis, routes.canaryWeight()) <= 0) {
            return;
        }
        CanaryPhase phase = t.status().phase();
        if (!routes.mirrored() && phase == CanaryPhase.PROGRESSING && !trafficIncreaseApproved(t)) {
            return;
        }
        if (!t.promoteEarly && !WeightSchedule.reachedMax(analysis, routes.canaryWeight())) {
            Routes next;
            if (analysis.isMirror() && routes.canaryWeight() == 0) {
                // Mirror pre-stage: first copy traffic to the canary, then start shifting.
                next = routes.mirrored() ? Routes.canaryWeight(WeightSchedule.next(analysis, 0)) : new Routes(100, 0, true);
            } else {
                next = Routes.canaryWeight(WeightSchedule.next(analysis, routes.canaryWeight()));
            }
            setRoutes(t, router, next);
            t.status(s -> s.canaryWeight(next.canaryWeight()));
            report.normal(t, "Advance " + t.dotted() + " canary weight " + next.canaryWeight());
            return;
        }
        if (promotionApproved(t, analysis)) {
            promote(t);
        }
    }

    private void runAbTesting(TickContext t, TrafficRouter router, CanaryAnalysis analysis) {
        int iterations = analysis.iterationsOrZero();
        if (iterations > t.status().iterations()) {
            setRoutes(t, router, Routes.CANARY_ONLY);
            advanceIteration(t, iterations);
            return;
        }
        if (promotionApproved(t, analysis) && iterations == t.status().iterations()) {
            promote(t);
        }
    }

    private void runBlueGreen(TickContext t, TrafficRouter router, Routes routes, CanaryAnalysis analysis, String provider) {
        int iterations = analysis.iterationsOrZero();
        boolean shifts = !KUBERNETES_PROVIDER.equals(provider);
        if (iterations > t.status().iterations()) {
            if (shifts && analysis.isMirror() && !routes.mirrored()) {
                LOG.info("canary={}/{} start traffic mirroring", t.canary.namespace(), t.canary.name());
                setRoutes(t, router, new Routes(100, 0, true));
            }
            advanceIteration(t, iterations);
            return;
        }
        if (!promotionApproved(t, analysis)) {
            return;
        }
        if (iterations == t.status().iterations()) {
            if (shifts) {
                report.normal(t, analysis.isMirror() ? "Stop traffic mirroring and route all traffic to canary"
                        : "Routing all traffic to canary");
                setRoutes(t, router, Routes.CANARY_ONLY);
            }
            t.status(s -> s.iterations(t.status().iterations() + 1));
        } else if (iterations < t.status().iterations()) {
            promote(t);
        }
    }

    private void advanceIteration(TickContext t, int iterations) {
        int next = t.status().iterations() + 1;
        t.status(s -> s.iterations(next));
        report.normal(t, "Advance " + t.dotted() + " canary iteration " + next + "/" + iterations);
    }

    private boolean trafficIncreaseApproved(TickContext t) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_TRAFFIC_INCREASE,
                CanaryPhase.PROGRESSING.wireName(), hook -> report.normal(t, "Confirm-traffic-increase check " + hook.name() + " passed"));
        if (denial.isEmpty()) {
            return true;
        }
        report.warn(t, "Halt " + t.dotted() + " advancement waiting for traffic increase approval " + denial.get().hook().name());
        if (!denial.get().hook().alertsMuted()) {
            report.alert(t, "Canary traffic increase is waiting for approval.", AlertSeverity.WARN, false);
        }
        return false;
    }

    /** Confirm-promotion: a denial parks the canary in WaitingPromotion, where analysis goes on. */
    private boolean promotionApproved(TickContext t, CanaryAnalysis analysis) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_PROMOTION, CanaryPhase.PROGRESSING.wireName(),
                hook -> report.normal(t, "Confirm-promotion check " + hook.name() + " passed"));
        if (denial.isEmpty()) {
            return true;
        }
        if (t.status().phase() != CanaryPhase.WAITING_PROMOTION) {
            report.warn(t, "Halt " + t.dotted() + " advancement waiting for promotion approval " + denial.get().hook().name());
            if (!denial.get().hook().alertsMuted()) {
                report.alert(t, "Canary promotion is waiting for approval.", AlertSeverity.WARN, false);
            }
            setPhase(t, CanaryPhase.WAITING_PROMOTION);
            // The effective analysis, not the manifest's: the kubernetes provider runs 10 iterations when none are set.
            t.status(s -> s.iterations(analysis.iterationsOrZero() - 1));
        } else {
            t.status(s -> s.iterations(analysis.iterationsOrZero() - 1));
        }
        return false;
    }

    // ---- promotion and rollback ---------------------------------------------------------------

    private void promote(TickContext t) {
        report.normal(t, "Copying " + t.target() + " template spec to " + t.canary.spec().primaryTargetName() + "." + t.canary.namespace());
        target.promote(t.canary);
        setPhase(t, CanaryPhase.PROMOTING);
    }

    private void shiftTrafficToPrimary(TickContext t, TrafficRouter router, Routes routes, String provider) {
        if (KUBERNETES_PROVIDER.equals(provider)) {
            setPhase(t, CanaryPhase.FINALISING);
            return;
        }
        int step = t.canary.analysis().stepWeightPromotionOrZero();
        if (step <= 0) {
            report.normal(t, "Routing all traffic to primary");
            setRoutes(t, router, Routes.PRIMARY_ONLY);
            setPhase(t, CanaryPhase.FINALISING);
            return;
        }
        if (routes.canaryWeight() <= 0) {
            return;
        }
        Routes next = WeightSchedule.promotionStep(routes, step);
        setRoutes(t, router, next);
        report.normal(t, "Advance " + t.dotted() + " primary weight " + next.primaryWeight());
        if (next.primaryWeight() == 100) {
            setPhase(t, CanaryPhase.FINALISING);
        } else {
            t.status(s -> s.canaryWeight(next.canaryWeight()));
        }
    }

    private void finalise(TickContext t) {
        target.scaleToZero(t.canary);
        setPhase(t, CanaryPhase.SUCCEEDED);
        postRollout(t, CanaryPhase.SUCCEEDED);
        report.normal(t, "Promotion completed! Scaling down " + t.target());
        report.alert(t, "Canary analysis completed successfully, promotion finished.", AlertSeverity.INFO, false);
    }

    private void promoteWithoutAnalysis(TickContext t, TrafficRouter router) {
        setRoutes(t, router, Routes.PRIMARY_ONLY);
        report.normal(t, "Copying " + t.target() + " template spec to " + t.canary.spec().primaryTargetName() + "." + t.canary.namespace());
        target.promote(t.canary);
        target.scaleToZero(t.canary);
        setPhase(t, CanaryPhase.SUCCEEDED);
        postRollout(t, CanaryPhase.SUCCEEDED);
        report.normal(t, "Promotion completed! Canary analysis was skipped for " + t.target());
        report.alert(t, "Canary analysis was skipped, promotion finished.", AlertSeverity.INFO, false);
    }

    private void rollback(TickContext t, TrafficRouter router) {
        int threshold = t.canary.analysis().thresholdOrDefault();
        if (t.status().failedChecks() >= threshold) {
            report.warn(t, "Rolling back " + t.dotted() + " failed checks threshold reached " + t.status().failedChecks());
            report.alert(t, "Failed checks threshold reached " + t.status().failedChecks(), AlertSeverity.ERROR, false);
        }
        setRoutes(t, router, Routes.PRIMARY_ONLY);
        report.warn(t, "Canary failed! Scaling down " + t.dotted());
        target.scaleToZero(t.canary);
        t.status(s -> s.failedChecks(0));
        setPhase(t, CanaryPhase.FAILED);
        postRollout(t, CanaryPhase.FAILED);
    }

    /** The primary cannot become ready after promotion: all traffic stays on the (working) canary. */
    private void failPromotion(TickContext t, TrafficRouter router, String reason) {
        report.warn(t, "Promotion of " + t.target() + " failed, primary not ready: " + reason);
        report.alert(t, "Promotion failed, primary not ready: " + reason, AlertSeverity.ERROR, false);
        setRoutes(t, router, Routes.CANARY_ONLY);
        setPhase(t, CanaryPhase.FAILED);
        t.status(s -> s.canaryWeight(100).failedChecks(0));
        postRollout(t, CanaryPhase.FAILED);
    }

    private void postRollout(TickContext t, CanaryPhase phase) {
        gates.run(t, WebhookType.POST_ROLLOUT, phase.wireName(), hook -> report.normal(t, "Post-rollout check " + hook.name() + " passed"))
                .ifPresent(d -> report.warn(t, "Post-rollout hook " + d.hook().name() + " failed " + d.message()));
    }

    // ---- status, routes, events, alerts --------------------------------------------------------

    /**
     * Flagger's phase change: the Promoted condition follows the phase; phases outside a run clear
     * the weight and iterations; WaitingPromotion parks iterations one short of the end (so A/B and
     * blue/green re-ask for promotion); Initialized and Succeeded record the promoted revision.
     */
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

    private void setPhase(TickContext t, CanaryPhase phase) {
        CanaryPhase before = t.status().phase();
        int iterations = t.canary.analysis().iterationsOrZero();
        t.status(s -> {
            s.phase(phase);
            if (phase != CanaryPhase.PROGRESSING && phase != CanaryPhase.WAITING && phase != CanaryPhase.PROMOTING) {
                s.canaryWeight(0).iterations(0);
            }
            if (phase == CanaryPhase.WAITING_PROMOTION) {
                s.iterations(iterations - 1);
            }
            if (phase == CanaryPhase.INITIALIZED || phase == CanaryPhase.SUCCEEDED) {
                s.lastPromotedSpec(t.status().lastAppliedSpec());
            }
            if (phase.isFinal()) {
                s.analysisStartedAt(null).lastAnalysisAt(null).insufficientChecks(Map.of());
            }
            return s.conditions(PromotedCondition.update(t.status().conditions(), phase, TickReporter.kind(t), t.now));
        });
        if (before != phase) {
            LOG.info("canary={}/{} phase {}→{} weight={}", t.canary.namespace(), t.canary.name(), before, phase,
                    t.status().canaryWeight());
        }
    }

    /** Applies a split; with session affinity, the sticky cookies are minted or retired first. */
    private void setRoutes(TickContext t, TrafficRouter router, Routes routes) {
        var affinity = t.canary.analysis().sessionAffinity();
        if (affinity != null) {
            if (routes.canaryWeight() != 0) {
                if (t.status().sessionAffinityCookie() == null) {
                    String cookie = affinity.cookieName() + "=" + randomLetters();
                    t.status(s -> s.sessionAffinityCookie(cookie));
                }
                String primaryCookieName = affinity.primaryCookieName();
                if (primaryCookieName != null && !primaryCookieName.isEmpty() && t.status().primarySessionAffinityCookie() == null) {
                    String cookie = primaryCookieName + "=" + randomLetters();
                    t.status(s -> s.primarySessionAffinityCookie(cookie));
                }
            } else if (t.status().sessionAffinityCookie() != null) {
                String current = t.status().sessionAffinityCookie();
                t.status(s -> s.previousSessionAffinityCookie(current).sessionAffinityCookie(null));
            }
        }
        router.setRoutes(t.canary, routes);
        t.routeChange = routes;
    }

    private String randomLetters() {
        StringBuilder letters = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            RandomGenerator generator = random == null ? ThreadLocalRandom.current() : random;
            letters.append(COOKIE_LETTERS.charAt(generator.nextInt(COOKIE_LETTERS.length())));
        }
        return letters.toString();
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
