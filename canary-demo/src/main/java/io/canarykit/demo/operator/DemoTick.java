package io.canarykit.demo.operator;

import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Tick;
import java.util.List;
import java.util.Objects;

/**
 * One operator tick as the demo saw it: the state after the tick (weights read back from the
 * cluster), the API requests the operator sent during it, and the routing object the router wrote
 * (the HTTPRoute for Gateway API, the canary Ingress's annotations for nginx...).
 */
record DemoTick(Tick tick, RequestCounts requests, RoutingView routing) {

    /** The verbs every tick reports, in this order, zeros included. */
    static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    DemoTick {
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(routing, "routing");
    }
}
