package io.canarykit.gatewayapi.internal;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;
import java.util.Objects;

/**
 * Whether the Gateways have taken the current HTTPRoute: for every parentRef that has a status
 * entry, its {@code Accepted} condition must be {@code True} at the route's current generation.
 * Weights read from a route the gateway has not programmed yet would be a lie, so the engine holds
 * the tick (Flagger's GetRoutes check). A parent without a status entry yet does not block, as in
 * Flagger: some implementations report no status at all.
 *
 * <p>A condition without {@code observedGeneration} (absent, or 0, which is what Go's
 * {@code omitempty} writes for it: no object has generation 0) is judged on its status alone.
 * Linkerd's policy controller, the parent controller of a mesh route attached to a Service,
 * writes its {@code Accepted} condition that way (linkerd/linkerd2#14964); Flagger's v1 router,
 * which compares 0 with the generation, holds such a route forever.
 */
public final class ParentReadiness {

    private static final String ACCEPTED = "Accepted";
    private static final String DEFAULT_GROUP = "gateway.networking.k8s.io";
    private static final String DEFAULT_KIND = "Gateway";

    private ParentReadiness() {
    }

    /** The readiness of a route: {@link Ready} or {@link NotReady} with Flagger's message. */
    public sealed interface Result permits Ready, NotReady {
    }

    public record Ready() implements Result {
    }

    public record NotReady(String message) implements Result {
    }

    public static Result of(HTTPRoute route) {
        String name = route.getMetadata().getName();
        String namespace = route.getMetadata().getNamespace();
        long generation = route.getMetadata().getGeneration() == null ? 0 : route.getMetadata().getGeneration();
        List<RouteParentStatus> parents = route.getStatus() == null ? List.of() : route.getStatus().getParents();
        for (ParentReference ref : route.getSpec().getParentRefs()) {
            for (RouteParentStatus parent : parents) {
                if (parent.getParentRef() == null || !same(ref, parent.getParentRef(), namespace)) {
                    continue;
                }
                for (Condition condition : parent.getConditions()) {
                    long observed = condition.getObservedGeneration() == null ? 0 : condition.getObservedGeneration();
                    boolean stale = observed > 0 && observed < generation;
                    if (ACCEPTED.equals(condition.getType()) && (!"True".equals(condition.getStatus()) || stale)) {
                        return new NotReady("HTTPRoute " + name + "." + namespace + " parent " + ref.getName()
                                + " is not ready (status: " + condition.getStatus() + ", observed generation: " + observed
                                + ", current generation: " + generation + ")");
                    }
                }
            }
        }
        return new Ready();
    }

    /** Parent references name the same parent once the API's defaults are applied. */
    private static boolean same(ParentReference a, ParentReference b, String routeNamespace) {
        return Objects.equals(a.getName(), b.getName())
                && orDefault(a.getNamespace(), routeNamespace).equals(orDefault(b.getNamespace(), routeNamespace))
                && orDefault(a.getGroup(), DEFAULT_GROUP).equals(orDefault(b.getGroup(), DEFAULT_GROUP))
                && orDefault(a.getKind(), DEFAULT_KIND).equals(orDefault(b.getKind(), DEFAULT_KIND))
                && Objects.equals(emptyToNull(a.getSectionName()), emptyToNull(b.getSectionName()))
                && Objects.equals(a.getPort(), b.getPort());
    }

    private static String orDefault(@org.jspecify.annotations.Nullable String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static @org.jspecify.annotations.Nullable String emptyToNull(@org.jspecify.annotations.Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
