package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.ThresholdMode;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.WebhookResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One analysis of a running canary: the hooks and metric checks of the tick, their verdict, and the
 * failed-check count it leaves in the status.
 */
final class AnalysisRun {

    /** What an analysis tick concluded. */
    enum Outcome {
        PASS, FAIL, HOLD, ROLLBACK
    }

    private final MetricEvaluator metrics;
    private final WebhookGates gates;
    private final TickReporter report;
    private final Rollouts rollouts;
    private final String defaultProvider;
    private final boolean evaluateAtTickTime;

    AnalysisRun(MetricEvaluator metrics, WebhookGates gates, TickReporter report, Rollouts rollouts, String defaultProvider,
            boolean evaluateAtTickTime) {
        this.metrics = metrics;
        this.gates = gates;
        this.report = report;
        this.rollouts = rollouts;
        this.defaultProvider = defaultProvider;
        this.evaluateAtTickTime = evaluateAtTickTime;
    }

    /**
     * The first analysis tick runs pre-rollout hooks only (no canary traffic yet); later ticks run
     * rollout hooks, then the metrics. A failed check fails the tick; a sequential test's rejection
     * rolls back at once; insufficient data holds it (up to each metric's limit).
     */
    Outcome analyse(TickContext t, Routes routes) {
        CanaryAnalysis analysis = t.canary.analysis();
        if (routes.canaryWeight() == 0 && t.status().iterations() == 0 && !(analysis.isMirror() && routes.mirrored())) {
            report.normal(t, "Starting canary analysis for " + t.target());
            Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.PRE_ROLLOUT, CanaryPhase.PROGRESSING.wireName(),
                    (tick, hook) -> report.normal(tick, "Pre-rollout check " + hook.name() + " passed"));
            denial.ifPresent(d -> report.warn(t, "Halt " + t.dotted() + " advancement pre-rollout check " + d.hook().name()
                    + " failed " + d.message()));
            // Canary traffic starts with this tick: cumulative counts ({{ elapsed }}) are measured from here.
            t.status(s -> s.analysisStartedAt(t.now).lastAnalysisAt(t.now));
            return denial.isEmpty() ? Outcome.PASS : Outcome.FAIL;
        }
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.ROLLOUT, CanaryPhase.PROGRESSING.wireName(), WebhookGates.SILENT);
        if (denial.isPresent()) {
            t.status(s -> s.lastAnalysisAt(t.now));
            report.warn(t, "Halt " + t.dotted() + " advancement external check " + denial.get().hook().name() + " failed "
                    + denial.get().message());
            return Outcome.FAIL;
        }
        List<CheckResult> results = metrics.evaluate(t.canary, MetricEvaluator.observer(t.canary, defaultProvider),
                evaluateAtTickTime ? t.now : null, t.now);
        t.record(results);
        for (CheckResult result : results) {
            if (result.verdict().isFailure()) {
                t.status(s -> s.lastAnalysisAt(t.now).lastChecks(checkStatuses(results, t.now)));
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
        Map<String, Integer> counts = Map.of();
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
                if (counts.isEmpty()) {
                    counts = new LinkedHashMap<>();
                }
                counts.put(result.metric(), count);
                report.warn(t, result.message());
                if (outcome == Outcome.PASS) {
                    outcome = Outcome.HOLD;
                }
            }
        }
        // One status write for the whole analysis: the time, the checks and the insufficient-data counts.
        Map<String, Integer> insufficient = counts;
        boolean countsChanged = !insufficient.equals(t.status().insufficientChecks());
        t.status(s -> {
            s.lastAnalysisAt(t.now).lastChecks(checkStatuses(results, t.now));
            return countsChanged ? s.insufficientChecks(insufficient) : s;
        });
        t.promoteEarly = outcome == Outcome.PASS && promotesEarly(t.canary, results);
        return outcome;
    }

    private static int insufficientLimit(Canary canary, String metricName) {
        for (CanaryMetric m : canary.analysis().metrics()) {
            if (m.name().equals(metricName)) {
                return m.minSamples() != null ? m.minSamples().maxInsufficientChecksOrDefault()
                        : SampleRequirement.DEFAULT_MAX_INSUFFICIENT_CHECKS;
            }
        }
        return SampleRequirement.DEFAULT_MAX_INSUFFICIENT_CHECKS;
    }

    /** Every sequential test asked to promote early, and every one has accepted. */
    private static boolean promotesEarly(Canary canary, List<CheckResult> results) {
        boolean any = false;
        for (CanaryMetric m : canary.analysis().metrics()) {
            if (!m.isSequential()) {
                continue;
            }
            any = true;
            if (!m.sequential().isPromoteEarly() || !passed(results, m.name())) {
                return false;
            }
        }
        return any;
    }

    private static boolean passed(List<CheckResult> results, String metric) {
        for (CheckResult r : results) {
            if (r.metric().equals(metric) && r.passed()) {
                return true;
            }
        }
        return false;
    }

    /** Between two analyses only the sequential tests run, at their faster cadence. */
    boolean isBetweenAnalyses(TickContext t, Duration interval) {
        Instant last = t.status().lastAnalysisAt();
        return last != null && MetricEvaluator.hasSequential(t.canary) && t.now.isBefore(last.plus(interval));
    }

    void watchSequentialTests(TickContext t) {
        List<CheckResult> results = metrics.evaluateSequential(t.canary, evaluateAtTickTime ? t.now : null, t.now);
        t.record(results);
        t.status(s -> s.lastChecks(withLatest(t.status().lastChecks(), checkStatuses(results, t.now))));
        for (CheckResult result : results) {
            if (result.isSequentialRejection()) {
                report.warn(t, result.message());
                sequentialRejection(t, result);
                rollouts.rollback(t);
                return;
            }
        }
    }

    /** One more failed check; reaching the threshold rolls back in this very tick. */
    void countFailure(TickContext t) {
        t.status(s -> s.failedChecks(t.status().failedChecks() + 1));
        if (t.status().failedChecks() >= t.canary.analysis().thresholdOrDefault()) {
            rollouts.rollback(t);
        }
    }

    /** In {@code consecutive} mode a passing check clears the count; {@code cumulative} keeps it. */
    void countPass(TickContext t) {
        if (t.canary.analysis().thresholdModeOrDefault() == ThresholdMode.CONSECUTIVE && t.status().failedChecks() != 0) {
            t.status(s -> s.failedChecks(0));
        }
    }

    boolean rollbackRequested(TickContext t) {
        List<CanaryWebhook> hooks = t.canary.analysis().webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            CanaryWebhook hook = hooks.get(i);
            if (!hook.is(WebhookType.ROLLBACK)) {
                continue;
            }
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

    /** An immutable list from the start, so that the status keeps it as it is instead of copying it. */
    private static List<MetricCheckStatus> checkStatuses(List<CheckResult> results, Instant now) {
        MetricCheckStatus[] statuses = new MetricCheckStatus[results.size()];
        for (int i = 0; i < statuses.length; i++) {
            CheckResult r = results.get(i);
            statuses[i] = new MetricCheckStatus(r.metric(), r.verdict().wireName(), finite(r.value()), r.min(), r.max(), now);
        }
        return switch (statuses.length) {
            case 0 -> List.of();
            case 1 -> List.of(statuses[0]);
            case 2 -> List.of(statuses[0], statuses[1]);
            default -> List.of(statuses);
        };
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
}
