package io.canarykit.api.spi;

import io.canarykit.api.model.Canary;

/**
 * Shifts traffic between the primary and the canary (an HTTPRoute, a VirtualService, an in-process
 * proxy, ...). Implementations are stateless with respect to a canary: everything they need is in
 * the {@link Canary} passed in, including the session-affinity cookies of its status.
 *
 * <p>Failures are reported as {@link io.canarykit.api.BackendException}; a router that is not
 * ready yet (for example an HTTPRoute whose parents have not accepted it) throws a retryable one,
 * which holds the tick without counting a failed check.
 */
public interface TrafficRouter {

    /**
     * Flagger's {@code kubernetes} provider router: the apex Service always selects the primary, so
     * there is nothing to shift; routes read as all-canary once an iteration has started, else
     * all-primary.
     */
    TrafficRouter NOOP = new TrafficRouter() {
        @Override
        public void reconcile(Canary canary) {
        }

        @Override
        public Routes routes(Canary canary) {
            return canary.status().iterations() > 0 ? Routes.CANARY_ONLY : Routes.PRIMARY_ONLY;
        }

        @Override
        public void setRoutes(Canary canary, Routes routes) {
        }

        @Override
        public void revert(Canary canary) {
        }
    };

    /** Creates or repairs the routing object; never changes the weights of a running analysis. */
    void reconcile(Canary canary);

    /** The split currently in force. */
    Routes routes(Canary canary);

    /** Applies a split. Idempotent. */
    void setRoutes(Canary canary, Routes routes);

    /** Undoes what {@link #reconcile} built, when a Canary with {@code revertOnDeletion} is deleted. */
    void revert(Canary canary);
}
