package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CorsPolicy;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.HttpRewrite;
import io.canarykit.api.model.StringMatch;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What canary-istio refuses at reconcile ({@code VirtualServiceSpecs}, {@code IstioMatches},
 * {@code DestinationRuleSpecs}, {@code Destinations}), for {@code provider: istio}, with the
 * router's field paths and reasons, and warnings for the settings it ignores. What the general
 * rules already refuse for every provider (a string match setting zero or several kinds,
 * {@code mirrorWeight} outside 0..100, session affinity without {@code cookieName}, a missing
 * {@code service.port}) is left to them.
 */
final class IstioRules {

    static final String PROVIDER = "istio";
    static final String TRAFFIC_POLICY = "spec.service.trafficPolicy";
    /** The fields of Istio's {@code TrafficPolicy} ({@code DestinationRuleSpecs.POLICY_FIELDS}). */
    static final Set<String> POLICY_FIELDS = Set.of("loadBalancer", "connectionPool", "outlierDetection", "tls",
            "portLevelSettings", "tunnel", "proxyProtocol", "retryBudget");
    /** The fields of a {@code portLevelSettings} entry. */
    static final Set<String> PORT_POLICY_FIELDS = Set.of("port", "loadBalancer", "connectionPool", "outlierDetection", "tls");
    /** The settings that must be objects, in the order the router checks them. */
    static final List<String> OBJECT_SETTINGS = List.of("loadBalancer", "connectionPool", "outlierDetection", "tls", "tunnel",
            "proxyProtocol", "retryBudget");
    static final Set<String> SIMPLE_LB = Set.of("UNSPECIFIED", "ROUND_ROBIN", "LEAST_CONN", "RANDOM", "PASSTHROUGH",
            "LEAST_REQUEST");
    static final Set<String> TLS_MODES = Set.of("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL");
    static final int MAX_PORT = 65535;

    private IstioRules() {
    }

    static boolean isIstio(Canary canary) {
        return PROVIDER.equals(canary.spec().provider());
    }

    /** {@code appProtocol: tcp} (any case): the router writes one TCP route, with the weights only. */
    static boolean isTcp(Canary canary) {
        String protocol = canary.spec().service().appProtocol();
        return protocol != null && protocol.toLowerCase(Locale.ROOT).equals("tcp");
    }

    /** What the VirtualService cannot express: delegation with hosts, empty A/B matches, TCP with HTTP features. */
    static void virtualService(Canary canary, Findings out) {
        if (!isIstio(canary)) {
            return;
        }
        CanaryService service = canary.spec().service();
        if (Boolean.TRUE.equals(service.delegation()) && (!service.hosts().isEmpty() || !service.gateways().isEmpty())) {
            out.error("spec.service.delegation", "VirtualService " + virtualServiceName(canary)
                    + " cannot have hosts and gateways when delegation enabled");
        }
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String path = CanaryPaths.analysisPath(canary);
        if (isTcp(canary)) {
            // Flagger's TCP routes carry only the weights: these settings would be ignored, and mirroring would never read back.
            if (!analysis.match().isEmpty()) {
                out.error(path + ".match", "is not supported with appProtocol tcp (TCP routes cannot match requests)");
            }
            if (analysis.sessionAffinity() != null) {
                out.error(path + ".sessionAffinity", "is not supported with appProtocol tcp (no cookies on TCP)");
            }
            if (analysis.isMirror()) {
                out.error(path + ".mirror", "is not supported with appProtocol tcp (Istio mirrors HTTP only)");
            }
            return;
        }
        httpMatches(out, "spec.service.match", service.match());
        httpMatches(out, path + ".match", analysis.match());
        for (int i = 0; i < analysis.match().size(); i++) {
            if (!hasCondition(analysis.match().get(i))) {
                out.error(path + ".match[" + i + "]", "has no condition (set headers, queryParams, uri, ...): "
                        + "an empty A/B match would send every request to the canary");
            }
        }
        CorsPolicy cors = service.corsPolicy();
        if (cors != null) {
            for (int i = 0; i < cors.allowOrigins().size(); i++) {
                Checks.stringMatch(out, "spec.service.corsPolicy.allowOrigins[" + i + "]", cors.allowOrigins().get(i));
            }
        }
    }

    /**
     * {@code spec.service.trafficPolicy} is copied verbatim into both DestinationRules: it must have
     * the shape of Istio's {@code TrafficPolicy}, or every reconcile fails.
     */
    static void trafficPolicy(Canary canary, Findings out) {
        if (!isIstio(canary)) {
            return;
        }
        Map<String, Object> policy = canary.spec().service().trafficPolicy();
        fields(out, policy, POLICY_FIELDS, TRAFFIC_POLICY);
        settings(out, policy, POLICY_FIELDS, TRAFFIC_POLICY);
        if (!policy.containsKey("portLevelSettings")) {
            return;
        }
        if (!(policy.get("portLevelSettings") instanceof List<?> ports)) {
            out.error(TRAFFIC_POLICY + ".portLevelSettings", "must be a list");
            return;
        }
        for (int i = 0; i < ports.size(); i++) {
            String at = TRAFFIC_POLICY + ".portLevelSettings[" + i + "]";
            if (!(ports.get(i) instanceof Map<?, ?> port)) {
                out.error(at, "must be an object");
                continue;
            }
            Map<String, Object> portPolicy = tree(port);
            fields(out, portPolicy, PORT_POLICY_FIELDS, at);
            if (!(portPolicy.get("port") instanceof Map<?, ?>)) {
                out.error(at + ".port", "is required (an object with number)");
            }
            settings(out, portPolicy, PORT_POLICY_FIELDS, at);
        }
    }

    /** Settings of other routers the Istio router does not read, as in Flagger (in the order of {@code spec.service}). */
    static void ignored(Canary canary, Findings out) {
        if (!isIstio(canary)) {
            return;
        }
        CanaryService service = canary.spec().service();
        if (!Checks.isBlank(service.backendTimeout())) {
            out.warning("spec.service.backendTimeout", "is ignored by provider istio (a Gateway API setting: the "
                    + "VirtualService has service.timeout only)");
        }
        if (!service.gatewayRefs().isEmpty()) {
            out.warning("spec.service.gatewayRefs", "is ignored by provider istio (a Gateway API setting: the "
                    + "VirtualService's gateways are service.gateways)");
        }
        HttpRewrite rewrite = service.rewrite();
        if (rewrite != null && !Checks.isBlank(rewrite.type())) {
            out.warning("spec.service.rewrite.type", "is ignored by provider istio (Istio replaces a matched prefix by itself)");
        }
        if (!service.mirror().isEmpty()) {
            out.warning("spec.service.mirror", "is ignored by provider istio (a Gateway API setting: with Istio, "
                    + "analysis.mirror mirrors to the canary)");
        }
    }

    /**
     * Flagger's {@code makeDestination}: with {@code portDiscovery} behind an ingress gateway (the
     * first gateway is not {@code mesh}) or in a delegate VirtualService, the destinations name the
     * service port.
     */
    static boolean destinationsNamePort(Canary canary) {
        CanaryService service = canary.spec().service();
        boolean behindGateway = !service.gateways().isEmpty() && !"mesh".equals(service.gateways().get(0));
        return isIstio(canary) && service.isPortDiscovery() && (behindGateway || Boolean.TRUE.equals(service.delegation()));
    }

    /** What IstioMatches refuses in an HTTP match beyond the string match kinds (left to {@link SpecRules#matches}). */
    private static void httpMatches(Findings out, String path, List<HttpMatchRequest> matches) {
        for (int i = 0; i < matches.size(); i++) {
            HttpMatchRequest m = matches.get(i);
            String at = path + "[" + i + "]";
            if (m.port() != null && (m.port() < 0 || m.port() > MAX_PORT)) {
                out.error(at + ".port", "must be a port number in 1..65535, got " + m.port());
            }
            m.queryParams().forEach((name, match) -> {
                // A match setting several kinds is reported by the general rule already.
                if (match.kindsSet() == 1 && (match.prefix() != null || match.suffix() != null)) {
                    out.error(at + ".queryParams." + name, "Istio matches query parameters with exact or regex only");
                }
            });
        }
    }

    /** Whether {@code m} renders to an Istio match with some condition: its name alone is none. */
    private static boolean hasCondition(HttpMatchRequest m) {
        return m.uri() != null || m.scheme() != null || m.method() != null || m.authority() != null
                || !m.headers().isEmpty() || (m.port() != null && m.port() != 0) || !m.sourceLabels().isEmpty()
                || !m.gateways().isEmpty() || !m.queryParams().isEmpty() || Boolean.TRUE.equals(m.ignoreUriCase())
                || !m.withoutHeaders().isEmpty() || (m.sourceNamespace() != null && !m.sourceNamespace().isEmpty());
    }

    /** The settings of {@code policy} (whose fields are {@code known}): objects, with a known load balancer and TLS mode. */
    private static void settings(Findings out, Map<String, Object> policy, Set<String> known, String at) {
        for (String key : OBJECT_SETTINGS) {
            // An unknown field is reported as such, not also as a setting of the wrong shape.
            if (known.contains(key) && policy.containsKey(key) && !(policy.get(key) instanceof Map<?, ?>)) {
                out.error(at + "." + key, "must be an object, got " + policy.get(key));
            }
        }
        Map<String, Object> lb = tree(policy.get("loadBalancer"));
        if (lb.containsKey("simple") && !SIMPLE_LB.contains(String.valueOf(lb.get("simple")))) {
            out.error(at + ".loadBalancer.simple", "must be one of " + sorted(SIMPLE_LB) + ", got " + lb.get("simple")
                    + ClosestName.hint(String.valueOf(lb.get("simple")), sorted(SIMPLE_LB)));
        }
        if (lb.containsKey("simple") && lb.containsKey("consistentHash")) {
            out.error(at + ".loadBalancer", "set either simple or consistentHash, not both");
        }
        Map<String, Object> tls = tree(policy.get("tls"));
        if (tls.containsKey("mode") && !TLS_MODES.contains(String.valueOf(tls.get("mode")))) {
            out.error(at + ".tls.mode", "must be one of " + sorted(TLS_MODES) + ", got " + tls.get("mode")
                    + ClosestName.hint(String.valueOf(tls.get("mode")), sorted(TLS_MODES)));
        }
    }

    private static void fields(Findings out, Map<String, Object> policy, Set<String> known, String at) {
        for (String key : policy.keySet()) {
            if (!known.contains(key)) {
                out.error(at + "." + key, "is not a field of Istio's TrafficPolicy (known: " + sorted(known) + ")"
                        + ClosestName.hint(key, sorted(known)));
            }
        }
    }

    private static String virtualServiceName(Canary canary) {
        String namespace = canary.metadata().namespace();
        return canary.spec().serviceName() + (Checks.isBlank(namespace) ? "" : "." + namespace);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(@Nullable Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
