package io.canarykit.examples.embedding;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * The deployment tool's load balancer: a pool with a stable and a canary server group whose weights
 * the tool sets (here held in memory, where a real tool would call its load balancer's API).
 */
public final class PoolRouter implements TrafficRouter {

    private Routes weights = Routes.PRIMARY_ONLY;
    private final List<Integer> history = new ArrayList<>();

    @Override
    public void reconcile(Canary canary) {
        // The pool exists before the tool runs a release; nothing to create.
    }

    @Override
    public synchronized Routes routes(Canary canary) {
        return weights;
    }

    @Override
    public synchronized void setRoutes(Canary canary, Routes routes) {
        if (!routes.equals(weights)) {
            weights = routes;
            history.add(routes.canaryWeight());
        }
    }

    @Override
    public void revert(Canary canary) {
        setRoutes(canary, Routes.PRIMARY_ONLY);
    }

    /** The canary weights applied, in order. */
    public synchronized List<Integer> history() {
        return List.copyOf(history);
    }
}
