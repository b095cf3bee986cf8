package io.canarykit.testkit;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory router: remembers the split it was given and every change, and can be told to be
 * "not ready" (its {@link #routes} then fails retryably, as an unaccepted HTTPRoute does).
 */
public final class RecordingTrafficRouter implements TrafficRouter {

    private Routes current = Routes.PRIMARY_ONLY;
    private final List<Routes> history = new ArrayList<>();
    private int reconciles;
    private int reverts;
    private @Nullable String notReady;

    @Override
    public synchronized void reconcile(Canary canary) {
        reconciles++;
    }

    @Override
    public synchronized Routes routes(Canary canary) {
        if (notReady != null) {
            throw new BackendException("router", notReady, true);
        }
        return current;
    }

    @Override
    public synchronized void setRoutes(Canary canary, Routes routes) {
        current = routes;
        history.add(routes);
    }

    @Override
    public synchronized void revert(Canary canary) {
        reverts++;
    }

    /** The split now in force. */
    public synchronized Routes current() {
        return current;
    }

    /** Every split applied, in order. */
    public synchronized List<Routes> history() {
        return List.copyOf(history);
    }

    /** The canary weights applied, in order. */
    public synchronized List<Integer> canaryWeights() {
        return history.stream().map(Routes::canaryWeight).toList();
    }

    public synchronized int reconciles() {
        return reconciles;
    }

    public synchronized int reverts() {
        return reverts;
    }

    /** Makes {@link #routes} fail with {@code message} until {@link #ready()} is called. */
    public synchronized void notReady(String message) {
        notReady = message;
    }

    public synchronized void ready() {
        notReady = null;
    }

    /** Forces a split, as an operator editing the route by hand would. */
    public synchronized void force(Routes routes) {
        current = routes;
    }
}
