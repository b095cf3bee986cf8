package io.canarykit.cli.operator;

import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Tick;
import java.util.List;
import java.util.Objects;

/**
 * One operator tick as the demo saw it: the state after the tick (weights read back from the
 * cluster), the API requests the operator sent during it, and, with Gateway API, the backends of
 * the HTTPRoute's weighted rule (empty for the kubernetes provider, which writes no route).
 */
record DemoTick(Tick tick, RequestCounts requests, List<RouteBackend> route) {

    /** The verbs every tick reports, in this order, zeros included. */
    static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    DemoTick {
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(requests, "requests");
        route = List.copyOf(route);
    }
}
