package io.canarykit.istio.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.SessionAffinity;
import io.canarykit.api.spi.Routes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The VirtualService spec a canary wants for a split, as Flagger's {@code IstioRouter} writes it:
 * a pure function of the Canary (spec and status cookies) and the {@link Routes}, so that
 * reconcile (with the split in force) and setRoutes (with the new split) render the same thing
 * and only real drift causes a write.
 *
 * <ul>
 *   <li>{@code hosts}: {@code service.hosts} plus the apex Service name (unless listed, or {@code *});
 *       {@code gateways}: {@code service.gateways}, else {@code mesh}. A delegate VirtualService
 *       ({@code delegation: true}) has neither.</li>
 *   <li>One HTTP route: {@code service.match}, the primary and canary destinations with their
 *       weights, {@code rewrite}, {@code timeout}, {@code retries}, {@code corsPolicy},
 *       {@code headers}; mirroring adds {@code mirror} (and {@code mirrorPercentage} from
 *       {@code analysis.mirrorWeight}).</li>
 *   <li>Session affinity puts sticky cookie routes before it ({@link SessionAffinityRoutes}).</li>
 *   <li>A/B ({@code analysis.match}): the A/B route (A/B matches merged with the service matches)
 *       with the weights, then the service route to the primary only.</li>
 *   <li>{@code appProtocol: tcp}: one TCP route matching the service match ports instead.</li>
 * </ul>
 */
public final class VirtualServiceSpecs {

    /** The spec fields the router owns; any other field of a live VirtualService (exportTo, ...) is kept. */
    public static final List<String> OWNED = List.of("hosts", "gateways", "http", "tcp");

    private VirtualServiceSpecs() {
    }

    public static boolean isTcp(Canary canary) {
        String protocol = canary.spec().service().appProtocol();
        return protocol != null && protocol.toLowerCase(Locale.ROOT).equals("tcp");
    }

    /** The owned fields of the spec for {@code split}; refuses what Istio cannot express. */
    public static Map<String, Object> render(Canary canary, Routes split) {
        validate(canary);
        CanaryService service = canary.spec().service();
        Map<String, Object> spec = new LinkedHashMap<>();
        boolean delegate = Boolean.TRUE.equals(service.delegation());
        // A delegate VirtualService must have neither hosts nor gateways (Istio refuses it otherwise).
        spec.put("hosts", delegate ? new ArrayList<>() : hosts(canary));
        if (!delegate) {
            spec.put("gateways", service.gateways().isEmpty() ? new ArrayList<>(List.of("mesh")) : new ArrayList<>(service.gateways()));
        }
        if (isTcp(canary)) {
            spec.put("tcp", new ArrayList<>(List.of(tcpRoute(canary, split))));
        } else {
            spec.put("http", httpRoutes(canary, split));
        }
        return spec;
    }

    /** {@code live}'s spec with the owned fields replaced by {@code rendered}'s. */
    public static Map<String, Object> merged(Map<String, Object> live, Map<String, Object> rendered) {
        Map<String, Object> out = Trees.copy(live);
        OWNED.forEach(out::remove);
        out.putAll(Trees.copy(rendered));
        return out;
    }

    private static List<Object> httpRoutes(Canary canary, Routes split) {
        CanaryService service = canary.spec().service();
        CanaryAnalysis analysis = canary.analysis();
        List<Map<String, Object>> serviceMatches = IstioMatches.of(service.match(), "spec.service.match");
        Map<String, Object> weighted = route(canary, serviceMatches, split.primaryWeight(), split.canaryWeight());
        List<Map<String, Object>> routes = new ArrayList<>();
        SessionAffinity affinity = analysis.sessionAffinity();
        if (affinity != null) {
            routes.addAll(SessionAffinityRoutes.routes(canary, affinity, split.canaryWeight(), weighted, serviceMatches));
        } else {
            routes.add(weighted);
        }
        if (split.mirrored()) {
            Map<String, Object> mirror = new LinkedHashMap<>();
            mirror.put("host", canary.spec().canaryServiceName());
            weighted.put("mirror", mirror);
            Integer mirrorWeight = analysis.mirrorWeight();
            if (mirrorWeight != null && mirrorWeight > 0) {
                Map<String, Object> percentage = new LinkedHashMap<>();
                percentage.put("value", mirrorWeight);
                weighted.put("mirrorPercentage", percentage);
            }
        }
        if (!analysis.match().isEmpty()) {
            // A/B replaces the routes, as in Flagger: the A/B route carries the split, the service route stays on the primary.
            List<Map<String, Object>> ab = IstioMatches.abMatches(analysis.match(), "spec.analysis.match");
            Map<String, Object> abRoute = route(canary, IstioMatches.merge(ab, serviceMatches), split.primaryWeight(),
                    split.canaryWeight());
            Map<String, Object> fallback = route(canary, serviceMatches, split.primaryWeight(), 0);
            fallback.put("route", new ArrayList<>(List.of(Destinations.of(canary, canary.spec().primaryServiceName(),
                    split.primaryWeight()))));
            routes = List.of(abRoute, fallback);
        }
        return new ArrayList<>(routes);
    }

    private static Map<String, Object> route(Canary canary, List<Map<String, Object>> matches, int primaryWeight, int canaryWeight) {
        Map<String, Object> route = new LinkedHashMap<>();
        if (!matches.isEmpty()) {
            route.put("match", IstioMatches.copies(matches));
        }
        route.put("route", new ArrayList<>(List.of(
                Destinations.of(canary, canary.spec().primaryServiceName(), primaryWeight),
                Destinations.of(canary, canary.spec().canaryServiceName(), canaryWeight))));
        RouteOptions.putInto(route, canary.spec().service());
        return route;
    }

    /** Flagger's TCP route: the ports of {@code service.match} as L4 matches, the weighted destinations. */
    private static Map<String, Object> tcpRoute(Canary canary, Routes split) {
        Map<String, Object> route = new LinkedHashMap<>();
        List<Object> matches = new ArrayList<>();
        for (HttpMatchRequest m : canary.spec().service().match()) {
            Map<String, Object> l4 = new LinkedHashMap<>();
            if (m.port() != null && m.port() != 0) {
                l4.put("port", m.port());
            }
            matches.add(l4);
        }
        if (!matches.isEmpty()) {
            route.put("match", matches);
        }
        route.put("route", new ArrayList<>(List.of(
                Destinations.of(canary, canary.spec().primaryServiceName(), split.primaryWeight()),
                Destinations.of(canary, canary.spec().canaryServiceName(), split.canaryWeight()))));
        return route;
    }

    private static List<Object> hosts(Canary canary) {
        String apex = canary.spec().serviceName();
        List<Object> hosts = new ArrayList<>(canary.spec().service().hosts());
        if (!hosts.contains(apex) && !hosts.contains("*")) {
            hosts.add(apex);
        }
        return hosts;
    }

    /** What the VirtualService cannot express, refused with the field path. */
    static void validate(Canary canary) {
        CanaryService service = canary.spec().service();
        CanaryAnalysis analysis = canary.analysis();
        if (Boolean.TRUE.equals(service.delegation()) && (!service.hosts().isEmpty() || !service.gateways().isEmpty())) {
            throw new InvalidCanarySpecException("spec.service.delegation: VirtualService " + canary.spec().serviceName() + "."
                    + canary.namespace() + " cannot have hosts and gateways when delegation enabled");
        }
        Integer mirrorWeight = analysis.mirrorWeight();
        if (mirrorWeight != null && (mirrorWeight < 0 || mirrorWeight > 100)) {
            throw new InvalidCanarySpecException("spec.analysis.mirrorWeight: must be between 0 and 100, got " + mirrorWeight);
        }
        SessionAffinity affinity = analysis.sessionAffinity();
        if (affinity != null && affinity.cookieName().isEmpty()) {
            throw new InvalidCanarySpecException("spec.analysis.sessionAffinity.cookieName: is required");
        }
        if (isTcp(canary)) {
            // Flagger's TCP routes carry only the weights: these settings would be ignored, and mirroring would never read back.
            if (!analysis.match().isEmpty()) {
                throw new InvalidCanarySpecException("spec.analysis.match: is not supported with appProtocol tcp (TCP routes cannot match requests)");
            }
            if (affinity != null) {
                throw new InvalidCanarySpecException("spec.analysis.sessionAffinity: is not supported with appProtocol tcp (no cookies on TCP)");
            }
            if (analysis.isMirror()) {
                throw new InvalidCanarySpecException("spec.analysis.mirror: is not supported with appProtocol tcp (Istio mirrors HTTP only)");
            }
        }
    }
}
