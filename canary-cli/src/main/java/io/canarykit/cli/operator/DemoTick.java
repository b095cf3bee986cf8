package io.canarykit.cli.operator;

import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Tick;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One operator tick as the demo saw it: the state after the tick (weights read back from the
 * cluster), the API requests the operator sent during it, with Gateway API the backends of the
 * HTTPRoute's weighted rule, and with nginx the canary Ingress's {@code nginx.ingress.kubernetes.io/*}
 * annotations (each empty for the other providers).
 */
record DemoTick(Tick tick, RequestCounts requests, List<RouteBackend> route, Map<String, String> ingress) {

    /** The verbs every tick reports, in this order, zeros included. */
    static final List<String> VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    DemoTick {
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(requests, "requests");
        route = List.copyOf(route);
        ingress = Collections.unmodifiableMap(new TreeMap<>(ingress));
    }
}
