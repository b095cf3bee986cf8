package io.canarykit.benchmarks;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A router that keeps reporting one split whatever it is told, so the canary stays at the same
 * step of its analysis tick after tick (see {@link Strategy}). It counts route writes without
 * keeping them (the testkit's {@code RecordingTrafficRouter} keeps every one).
 */
public final class SteadyRouter implements TrafficRouter {

    private final Routes split;
    private final LongAdder writes = new LongAdder();

    public SteadyRouter(Routes split) {
        this.split = Objects.requireNonNull(split, "split");
    }

    @Override
    public void reconcile(Canary canary) {
    }

    @Override
    public Routes routes(Canary canary) {
        return split;
    }

    @Override
    public void setRoutes(Canary canary, Routes routes) {
        writes.increment();
    }

    @Override
    public void revert(Canary canary) {
    }

    /** Route writes so far: a canary stepping its weight writes once per tick. */
    public long writes() {
        return writes.sum();
    }
}
