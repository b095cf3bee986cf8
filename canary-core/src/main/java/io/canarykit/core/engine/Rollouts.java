package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;

/** The ends of a run, shared by every strategy: promotion, shifting traffic back, finalisation, rollback. */
final class Rollouts {

    private final TargetController target;
    private final TickReporter report;
    private final WebhookGates gates;
    private final RouteWriter routes;

    Rollouts(TargetController target, TickReporter report, WebhookGates gates, RouteWriter routes) {
        this.target = target;
        this.report = report;
        this.gates = gates;
        this.routes = routes;
    }

    void promote(TickContext t) {
        report.normal(t, "Copying " + t.target() + " template spec to " + t.canary.spec().primaryTargetName() + "." + t.canary.namespace());
        target.promote(t.canary);
        Phases.enter(t, CanaryPhase.PROMOTING);
    }

    void shiftTrafficToPrimary(TickContext t, Routes current) {
        if (CanaryEngine.KUBERNETES_PROVIDER.equals(t.provider)) {
            Phases.enter(t, CanaryPhase.FINALISING);
            return;
        }
        int step = t.canary.analysis().stepWeightPromotionOrZero();
        if (step <= 0) {
            report.normal(t, "Routing all traffic to primary");
            routes.apply(t, Routes.PRIMARY_ONLY);
            Phases.enter(t, CanaryPhase.FINALISING);
            return;
        }
        if (current.canaryWeight() <= 0) {
            return;
        }
        Routes next = WeightSchedule.promotionStep(current, step);
        routes.apply(t, next);
        report.normal(t, "Advance " + t.dotted() + " primary weight " + next.primaryWeight());
        if (next.primaryWeight() == 100) {
            Phases.enter(t, CanaryPhase.FINALISING);
        } else {
            t.status(s -> s.canaryWeight(next.canaryWeight()));
        }
    }

    void finalise(TickContext t) {
        target.scaleToZero(t.canary);
        Phases.enter(t, CanaryPhase.SUCCEEDED);
        postRollout(t, CanaryPhase.SUCCEEDED);
        report.normal(t, "Promotion completed! Scaling down " + t.target());
        report.alert(t, "Canary analysis completed successfully, promotion finished.", AlertSeverity.INFO, false);
    }

    void promoteWithoutAnalysis(TickContext t) {
        routes.apply(t, Routes.PRIMARY_ONLY);
        report.normal(t, "Copying " + t.target() + " template spec to " + t.canary.spec().primaryTargetName() + "." + t.canary.namespace());
        target.promote(t.canary);
        target.scaleToZero(t.canary);
        Phases.enter(t, CanaryPhase.SUCCEEDED);
        postRollout(t, CanaryPhase.SUCCEEDED);
        report.normal(t, "Promotion completed! Canary analysis was skipped for " + t.target());
        report.alert(t, "Canary analysis was skipped, promotion finished.", AlertSeverity.INFO, false);
    }

    void rollback(TickContext t) {
        int threshold = t.canary.analysis().thresholdOrDefault();
        if (t.status().failedChecks() >= threshold) {
            report.warn(t, "Rolling back " + t.dotted() + " failed checks threshold reached " + t.status().failedChecks());
            report.alert(t, "Failed checks threshold reached " + t.status().failedChecks(), AlertSeverity.ERROR, false);
        }
        routes.apply(t, Routes.PRIMARY_ONLY);
        report.warn(t, "Canary failed! Scaling down " + t.dotted());
        target.scaleToZero(t.canary);
        t.status(s -> s.failedChecks(0));
        Phases.enter(t, CanaryPhase.FAILED);
        postRollout(t, CanaryPhase.FAILED);
    }

    /**
     * Applies a readiness answer: a retriable "not ready" holds the tick; a final one rolls back (or
     * fails the promotion when the primary is being promoted).
     */
    boolean ready(TickContext t, Readiness readiness, boolean primaryDuringRun) {
        if (!(readiness instanceof Readiness.NotReady notReady)) {
            return true;
        }
        report.warn(t, notReady.message());
        if (!notReady.retriable()) {
            CanaryPhase phase = t.status().phase();
            if (primaryDuringRun && (phase == CanaryPhase.PROMOTING || phase == CanaryPhase.FINALISING)) {
                failPromotion(t, notReady.message());
            } else {
                rollback(t);
            }
        }
        return false;
    }

    /** The primary cannot become ready after promotion: all traffic stays on the (working) canary. */
    private void failPromotion(TickContext t, String reason) {
        report.warn(t, "Promotion of " + t.target() + " failed, primary not ready: " + reason);
        report.alert(t, "Promotion failed, primary not ready: " + reason, AlertSeverity.ERROR, false);
        routes.apply(t, Routes.CANARY_ONLY);
        Phases.enter(t, CanaryPhase.FAILED);
        t.status(s -> s.canaryWeight(100).failedChecks(0));
        postRollout(t, CanaryPhase.FAILED);
    }

    private void postRollout(TickContext t, CanaryPhase phase) {
        gates.run(t, WebhookType.POST_ROLLOUT, phase.wireName(),
                (tick, hook) -> report.normal(tick, "Post-rollout check " + hook.name() + " passed"))
                .ifPresent(d -> report.warn(t, "Post-rollout hook " + d.hook().name() + " failed " + d.message()));
    }
}
