package io.canarykit.gatewayapi;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a Gateway controller writes when every parent Gateway accepts an HTTPRoute: one
 * {@code Accepted=True} condition per parent, at the route's current generation. For API servers
 * that run no Gateway controller (the operator demo's mock server, the end-to-end suite's bare
 * control plane), which play it with these two methods.
 */
public final class GatewayAcceptance {

    private GatewayAcceptance() {
    }

    /** Whether every parent of {@code route} has accepted its current generation. */
    public static boolean accepted(HTTPRoute route) {
        long generation = generation(route);
        if (route.getStatus() == null || route.getStatus().getParents() == null) {
            return false;
        }
        int parents = route.getSpec().getParentRefs() == null ? 0 : route.getSpec().getParentRefs().size();
        return route.getStatus().getParents().size() == parents && route.getStatus().getParents().stream()
                .allMatch(p -> p.getConditions().stream().anyMatch(c -> "Accepted".equals(c.getType())
                        && "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), generation)));
    }

    /** The status in which {@code controller} accepts {@code route} for every parent, at {@code now}. */
    public static HTTPRouteStatus acceptedBy(String controller, HTTPRoute route, Instant now) {
        long generation = generation(route);
        List<RouteParentStatus> parents = new ArrayList<>();
        for (var ref : route.getSpec().getParentRefs()) {
            Condition accepted = new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted")
                    .withMessage("Route is accepted").withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString())
                    .withObservedGeneration(generation).build();
            parents.add(new RouteParentStatus(List.of(accepted), controller, ref));
        }
        HTTPRouteStatus status = new HTTPRouteStatus();
        status.setParents(parents);
        return status;
    }

    private static long generation(HTTPRoute route) {
        return route.getMetadata().getGeneration() == null ? 1 : route.getMetadata().getGeneration();
    }
}
