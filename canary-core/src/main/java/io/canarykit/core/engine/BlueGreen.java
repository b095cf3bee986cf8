package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;

/**
 * Blue/green: {@code iterations} passing checks against the idle canary, then all traffic to it
 * for one more check, then promotion. With the kubernetes provider nothing is routed (its router
 * cannot shift traffic); the iterations and promotion are the same.
 */
final class BlueGreen implements Strategy {

    private final Approvals approvals;
    private final Rollouts rollouts;
    private final RouteWriter routes;
    private final TickReporter report;
    private final boolean shiftsTraffic;

    BlueGreen(Approvals approvals, Rollouts rollouts, RouteWriter routes, TickReporter report, boolean shiftsTraffic) {
        this.approvals = approvals;
        this.rollouts = rollouts;
        this.routes = routes;
        this.report = report;
        this.shiftsTraffic = shiftsTraffic;
    }

    @Override
    public void advance(TickContext t, Routes current, CanaryAnalysis analysis) {
        int iterations = analysis.iterationsOrZero();
        if (iterations > t.status().iterations()) {
            approvals.advanceIteration(t, iterations);
            return;
        }
        switchOver(t, analysis, "Routing all traffic to canary");
    }

    /** After the iterations: all traffic to the canary for one more check, then promotion. */
    void switchOver(TickContext t, CanaryAnalysis analysis, String announcement) {
        if (!approvals.promotionApproved(t, analysis)) {
            return;
        }
        int iterations = analysis.iterationsOrZero();
        if (iterations == t.status().iterations()) {
            if (shiftsTraffic) {
                report.normal(t, announcement);
                routes.apply(t, Routes.CANARY_ONLY);
            }
            t.status(s -> s.iterations(t.status().iterations() + 1));
        } else if (iterations < t.status().iterations()) {
            rollouts.promote(t);
        }
    }
}
