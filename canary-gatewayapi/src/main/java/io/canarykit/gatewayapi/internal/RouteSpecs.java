package io.canarykit.gatewayapi.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.ParentReference;
import io.canarykit.api.model.SessionAffinity;
import io.canarykit.api.spi.Routes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTPRoute spec a canary wants for a given split: a pure function of the Canary (spec and
 * status cookies) and the {@link Routes}, so that reconcile (with the split in force) and
 * setRoutes (with the new split) render the same thing and only real drift causes a write.
 */
public final class RouteSpecs {

    public static final String GATEWAY_REFS_REQUIRED = "GatewayRefs must be specified when using Gateway API as a provider.";

    private RouteSpecs() {
    }

    public static HTTPRouteSpec render(Canary canary, Routes routes) {
        CanaryService service = canary.spec().service();
        if (service.gatewayRefs().isEmpty()) {
            throw new InvalidCanarySpecException("spec.service.gatewayRefs: " + GATEWAY_REFS_REQUIRED);
        }
        CanaryAnalysis analysis = canary.analysis();
        List<HTTPRouteMatch> serviceMatches = MatchMapping.serviceMatches(service.match());
        PrefixRewrites.requirePrefixMatches(service, serviceMatches);
        HTTPRouteRule weighted = rule(canary, serviceMatches, routes.primaryWeight(), routes.canaryWeight());
        if (routes.mirrored() && analysis.iterationsOrZero() > 0) {
            // Flagger mirrors only for blue/green (iterations); canary-mode mirroring is not expressible here.
            weighted.getFilters().add(RouteFilters.mirrorTo(canary.spec().canaryServiceName(), service.port()));
        }
        List<HTTPRouteRule> rules = new ArrayList<>();
        SessionAffinity affinity = analysis.sessionAffinity();
        if (affinity != null) {
            rules.addAll(SessionAffinityRules.rules(canary, affinity, routes.canaryWeight(), weighted));
        } else {
            rules.add(weighted);
        }
        if (!analysis.match().isEmpty()) {
            List<HTTPRouteMatch> abMatches = MatchMapping.map(analysis.match(), "spec.analysis.match");
            rules.get(0).setMatches(MatchMapping.merge(abMatches, serviceMatches));
            HTTPRouteRule fallback = rule(canary, serviceMatches, 100, 0);
            fallback.setBackendRefs(new ArrayList<>(List.of(fallback.getBackendRefs().get(0))));
            rules.add(fallback);
        }
        HTTPRouteSpec spec = new HTTPRouteSpec();
        spec.setParentRefs(parentRefs(canary));
        spec.setHostnames(new ArrayList<>(service.hosts()));
        spec.setRules(PrefixRewrites.split(rules));
        return spec;
    }

    private static HTTPRouteRule rule(Canary canary, List<HTTPRouteMatch> matches, int primaryWeight, int canaryWeight) {
        CanaryService service = canary.spec().service();
        HTTPRouteRule rule = new HTTPRouteRule();
        rule.setMatches(new ArrayList<>(matches.stream().map(m -> m.toBuilder().build()).toList()));
        List<HTTPRouteFilter> filters = new ArrayList<>(RouteFilters.of(service));
        rule.setFilters(filters);
        rule.setBackendRefs(new ArrayList<>(List.of(
                backend(canary.spec().primaryServiceName(), service.port(), primaryWeight),
                backend(canary.spec().canaryServiceName(), service.port(), canaryWeight))));
        if (notEmpty(service.timeout()) || notEmpty(service.backendTimeout())) {
            rule.setTimeouts(new HTTPRouteTimeouts(emptyToNull(service.backendTimeout()), emptyToNull(service.timeout())));
        }
        return rule;
    }

    private static HTTPBackendRef backend(String name, @org.jspecify.annotations.Nullable Integer port, int weight) {
        // No group: the core group ("" once the API server defaults it; v1.20 refuses "" written out).
        return new HTTPBackendRef(new ArrayList<>(), null, "Service", name, null, port, weight);
    }

    /** {@code service.gatewayRefs} with the API server's defaults written out, so that they never read as drift. */
    static List<io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference> parentRefs(Canary canary) {
        List<io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference> refs = new ArrayList<>();
        for (ParentReference ref : canary.spec().service().gatewayRefs()) {
            refs.add(new io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference(ref.groupOrDefault(), ref.kindOrDefault(),
                    ref.name(), ref.namespace(), ref.port(), ref.sectionName()));
        }
        return refs;
    }

    private static boolean notEmpty(@org.jspecify.annotations.Nullable String s) {
        return s != null && !s.isEmpty();
    }

    private static @org.jspecify.annotations.Nullable String emptyToNull(@org.jspecify.annotations.Nullable String s) {
        return notEmpty(s) ? s : null;
    }
}
