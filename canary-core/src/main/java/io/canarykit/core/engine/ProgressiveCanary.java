package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;

/**
 * Progressive traffic shifting ({@code stepWeight} or {@code stepWeights}) up to the max weight,
 * then promotion; with {@code mirror}, traffic is first copied to the canary before any of it shifts.
 */
final class ProgressiveCanary implements Strategy {

    private final Approvals approvals;
    private final Rollouts rollouts;
    private final RouteWriter routes;
    private final TickReporter report;

    ProgressiveCanary(Approvals approvals, Rollouts rollouts, RouteWriter routes, TickReporter report) {
        this.approvals = approvals;
        this.rollouts = rollouts;
        this.routes = routes;
        this.report = report;
    }

    @Override
    public void advance(TickContext t, Routes current, CanaryAnalysis analysis) {
        if (WeightSchedule.increment(analysis, current.canaryWeight()) <= 0) {
            return;
        }
        CanaryPhase phase = t.status().phase();
        if (!current.mirrored() && phase == CanaryPhase.PROGRESSING && !approvals.trafficIncreaseApproved(t)) {
            return;
        }
        if (!t.promoteEarly && !WeightSchedule.reachedMax(analysis, current.canaryWeight())) {
            Routes next;
            if (analysis.isMirror() && current.canaryWeight() == 0) {
                // Mirror pre-stage: first copy traffic to the canary, then start shifting.
                next = current.mirrored() ? Routes.canaryWeight(WeightSchedule.next(analysis, 0)) : new Routes(100, 0, true);
            } else {
                next = Routes.canaryWeight(WeightSchedule.next(analysis, current.canaryWeight()));
            }
            routes.apply(t, next);
            t.status(s -> s.canaryWeight(next.canaryWeight()));
            if (next.equals(t.liveRoutes) && !next.equals(current)) {
                // A tick whose status write was lost had set this split: the step is not announced twice.
                report.normal(t, "Re-applied canary weight " + next.canaryWeight() + " to " + t.dotted()
                        + ": the route had it, the status did not (its write was lost)");
            } else {
                // One concatenation (not t.dotted()'s and then this one): the text of every steady tick.
                report.normal(t, "Advance " + t.canary.name() + "." + t.canary.namespace() + " canary weight " + next.canaryWeight());
            }
            return;
        }
        if (approvals.promotionApproved(t, analysis)) {
            rollouts.promote(t);
        }
    }
}
