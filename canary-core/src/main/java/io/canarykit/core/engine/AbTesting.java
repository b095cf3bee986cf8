package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;

/** A/B testing: requests matching {@code match} go to the canary for {@code iterations} passing checks, then promotion. */
final class AbTesting implements Strategy {

    private final Approvals approvals;
    private final Rollouts rollouts;
    private final RouteWriter routes;

    AbTesting(Approvals approvals, Rollouts rollouts, RouteWriter routes) {
        this.approvals = approvals;
        this.rollouts = rollouts;
        this.routes = routes;
    }

    @Override
    public void advance(TickContext t, Routes current, CanaryAnalysis analysis) {
        int iterations = analysis.iterationsOrZero();
        if (iterations > t.status().iterations()) {
            // The router turns "all to the canary" into "matching requests to the canary".
            routes.apply(t, Routes.CANARY_ONLY);
            approvals.advanceIteration(t, iterations);
            return;
        }
        if (approvals.promotionApproved(t, analysis) && iterations == t.status().iterations()) {
            rollouts.promote(t);
        }
    }
}
