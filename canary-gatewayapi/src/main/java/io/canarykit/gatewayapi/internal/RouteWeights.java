package io.canarykit.gatewayapi.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Optional;

/**
 * Reads the split in force from an HTTPRoute. The weighted rule is the last rule with both the
 * primary and the canary backend: sticky session rules come before it, the A/B fallback (primary
 * only) after it.
 */
public final class RouteWeights {

    /** Gateway API's default backend weight. */
    private static final int DEFAULT_WEIGHT = 1;

    private RouteWeights() {
    }

    /** The split, or empty when the route has no weighted rule (hand-edited, or not ours). */
    public static Optional<Routes> read(HTTPRoute route, Canary canary) {
        String primary = canary.spec().primaryServiceName();
        String canaryName = canary.spec().canaryServiceName();
        List<HTTPRouteRule> rules = route.getSpec() == null ? List.of() : route.getSpec().getRules();
        Optional<HTTPRouteRule> weighted = Optional.empty();
        for (HTTPRouteRule rule : rules) {
            if (backend(rule, primary).isPresent() && backend(rule, canaryName).isPresent()) {
                weighted = Optional.of(rule);
            }
        }
        if (weighted.isEmpty()) {
            return Optional.empty();
        }
        int p = weight(backend(weighted.get(), primary).orElseThrow());
        int c = weight(backend(weighted.get(), canaryName).orElseThrow());
        boolean mirrored = rules.stream().flatMap(r -> r.getFilters().stream()).anyMatch(f -> mirrorsTo(f, canaryName));
        return Optional.of(normalised(p, c, mirrored));
    }

    private static Optional<HTTPBackendRef> backend(HTTPRouteRule rule, String name) {
        return rule.getBackendRefs().stream().filter(b -> name.equals(b.getName())).findFirst();
    }

    private static int weight(HTTPBackendRef ref) {
        return ref.getWeight() == null ? DEFAULT_WEIGHT : Math.max(0, ref.getWeight());
    }

    private static boolean mirrorsTo(HTTPRouteFilter filter, String service) {
        return RouteFilters.REQUEST_MIRROR.equals(filter.getType()) && filter.getRequestMirror() != null
                && filter.getRequestMirror().getBackendRef() != null
                && service.equals(filter.getRequestMirror().getBackendRef().getName());
    }

    /** Gateway API weights are relative; the engine works in percentages that add up to 100. */
    private static Routes normalised(int primary, int canary, boolean mirrored) {
        int total = primary + canary;
        if (total == 100) {
            return new Routes(primary, canary, mirrored);
        }
        int canaryPercent = total == 0 ? 0 : Math.round(canary * 100f / total);
        return new Routes(100 - canaryPercent, canaryPercent, mirrored);
    }
}
