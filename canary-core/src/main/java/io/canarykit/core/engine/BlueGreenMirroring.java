package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue/green with traffic mirroring: during the iterations the canary receives a copy of the
 * primary's traffic (responses discarded); afterwards mirroring stops and all traffic moves to the
 * canary, as in {@link BlueGreen}.
 */
final class BlueGreenMirroring implements Strategy {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryEngine.class);

    private final Approvals approvals;
    private final RouteWriter routes;
    private final BlueGreen switchOver;

    BlueGreenMirroring(Approvals approvals, Rollouts rollouts, RouteWriter routes, TickReporter report) {
        this.approvals = approvals;
        this.routes = routes;
        this.switchOver = new BlueGreen(approvals, rollouts, routes, report, true);
    }

    @Override
    public void advance(TickContext t, Routes current, CanaryAnalysis analysis) {
        int iterations = analysis.iterationsOrZero();
        if (iterations > t.status().iterations()) {
            if (!current.mirrored()) {
                LOG.info("canary={}/{} start traffic mirroring", t.canary.namespace(), t.canary.name());
                routes.apply(t, new Routes(100, 0, true));
            }
            approvals.advanceIteration(t, iterations);
            return;
        }
        switchOver.switchOver(t, analysis, "Stop traffic mirroring and route all traffic to canary");
    }
}
