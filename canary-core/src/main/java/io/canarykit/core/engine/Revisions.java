package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Revisions of the target: initialization, detecting a new revision, starting or restarting a run. */
final class Revisions {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryEngine.class);
    private static final Set<CanaryPhase> ADVANCING = EnumSet.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING,
            CanaryPhase.WAITING_PROMOTION, CanaryPhase.PROMOTING, CanaryPhase.FINALISING);

    private final TargetController target;
    private final TickReporter report;
    private final Approvals approvals;
    private final RouteWriter routes;

    Revisions(TargetController target, TickReporter report, Approvals approvals, RouteWriter routes) {
        this.target = target;
        this.report = report;
        this.approvals = approvals;
        this.routes = routes;
    }

    void markInitialized(TickContext t) {
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> s.lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs())
                .failedChecks(0).canaryWeight(0).iterations(0));
        Phases.enter(t, CanaryPhase.INITIALIZED);
        report.normal(t, "Initialization done! " + t.dotted());
        report.alert(t, "New " + TickReporter.kind(t) + " detected, initialization completed.", AlertSeverity.INFO, true);
    }

    /**
     * Idle phases move only for a new revision. A foreign (Go Flagger) hash is re-baselined first,
     * in every phase: a canary taken over mid-run carries on; an idle one stays idle.
     */
    boolean shouldAdvance(TickContext t) {
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
    void startRun(TickContext t, CanaryPhase phase) {
        if (phase == CanaryPhase.WAITING && t.promoteRequest != null) {
            String id = t.promoteRequest;
            t.status(s -> s.lastCommandId(id));
            report.normal(t, "Rollout of " + t.target() + " approved by canary promote (" + id + ")");
        } else if (!approvals.rolloutConfirmed(t, phase)) {
            return;
        }
        report.normal(t, "New revision detected! Scaling up " + t.target());
        report.alert(t, "New revision detected, progressing canary analysis.", AlertSeverity.INFO, true);
        target.scaleFromZero(t.canary);
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> clearRun(s).lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs()));
        Phases.enter(t, CanaryPhase.PROGRESSING);
    }

    void restartRun(TickContext t) {
        report.normal(t, "New revision detected! Restarting analysis for " + t.target());
        TargetRevision revision = target.revision(t.canary);
        t.status(s -> clearRun(s).lastAppliedSpec(revision.specHash()).trackedConfigs(revision.trackedConfigs()));
        Phases.enter(t, CanaryPhase.PROGRESSING);
        routes.apply(t, Routes.PRIMARY_ONLY);
    }

    /** A fresh run: no failures, no weight, no iterations, no analysis history. */
    private static CanaryStatus.Builder clearRun(CanaryStatus.Builder s) {
        return s.failedChecks(0).canaryWeight(0).iterations(0).analysisStartedAt(null).lastAnalysisAt(null)
                .insufficientChecks(Map.of()).lastChecks(List.of());
    }
}
