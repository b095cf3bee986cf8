package io.canarykit.istio.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DestinationRules {@code <service>-primary} and {@code <service>-canary}: {@code host} the
 * Service's short name and {@code trafficPolicy} copied verbatim from
 * {@code spec.service.trafficPolicy}, as Flagger writes them. The policy is checked for the shape
 * Istio's {@code TrafficPolicy} has, so that a typo fails the reconcile with its path instead of
 * being pruned or refused by the API server on every tick.
 */
public final class DestinationRuleSpecs {

    /** The spec fields the router owns; others (subsets, exportTo, workloadSelector) are kept. */
    public static final List<String> OWNED = List.of("host", "trafficPolicy");

    private static final Set<String> POLICY_FIELDS = Set.of("loadBalancer", "connectionPool", "outlierDetection", "tls",
            "portLevelSettings", "tunnel", "proxyProtocol", "retryBudget");
    private static final Set<String> PORT_POLICY_FIELDS = Set.of("port", "loadBalancer", "connectionPool", "outlierDetection",
            "tls");
    private static final Set<String> SIMPLE_LB = Set.of("UNSPECIFIED", "ROUND_ROBIN", "LEAST_CONN", "RANDOM", "PASSTHROUGH",
            "LEAST_REQUEST");
    private static final Set<String> TLS_MODES = Set.of("DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL");
    private static final String AT = "spec.service.trafficPolicy";

    private DestinationRuleSpecs() {
    }

    /** The owned fields for the DestinationRule of {@code host}. */
    public static Map<String, Object> render(Canary canary, String host) {
        Map<String, Object> policy = canary.spec().service().trafficPolicy();
        validate(policy);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("host", host);
        if (!policy.isEmpty()) {
            spec.put("trafficPolicy", Trees.copy(policy));
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

    static void validate(Map<String, Object> policy) {
        fields(policy, POLICY_FIELDS, AT);
        settings(policy, AT);
        if (policy.containsKey("portLevelSettings")) {
            if (!(policy.get("portLevelSettings") instanceof List<?> ports)) {
                throw new InvalidCanarySpecException(AT + ".portLevelSettings: must be a list");
            }
            for (int i = 0; i < ports.size(); i++) {
                String at = AT + ".portLevelSettings[" + i + "]";
                if (!(ports.get(i) instanceof Map<?, ?> port)) {
                    throw new InvalidCanarySpecException(at + ": must be an object");
                }
                Map<String, Object> portPolicy = Trees.map(port);
                fields(portPolicy, PORT_POLICY_FIELDS, at);
                if (!(portPolicy.get("port") instanceof Map<?, ?>)) {
                    throw new InvalidCanarySpecException(at + ".port: is required (an object with number)");
                }
                settings(portPolicy, at);
            }
        }
    }

    private static void settings(Map<String, Object> policy, String at) {
        for (String key : List.of("loadBalancer", "connectionPool", "outlierDetection", "tls", "tunnel", "proxyProtocol",
                "retryBudget")) {
            if (policy.containsKey(key) && !(policy.get(key) instanceof Map<?, ?>)) {
                throw new InvalidCanarySpecException(at + "." + key + ": must be an object, got " + policy.get(key));
            }
        }
        Map<String, Object> lb = Trees.map(policy.get("loadBalancer"));
        if (lb.containsKey("simple") && !SIMPLE_LB.contains(String.valueOf(lb.get("simple")))) {
            throw new InvalidCanarySpecException(at + ".loadBalancer.simple: must be one of " + sorted(SIMPLE_LB) + ", got "
                    + lb.get("simple"));
        }
        if (lb.containsKey("simple") && lb.containsKey("consistentHash")) {
            throw new InvalidCanarySpecException(at + ".loadBalancer: set either simple or consistentHash, not both");
        }
        Map<String, Object> tls = Trees.map(policy.get("tls"));
        if (tls.containsKey("mode") && !TLS_MODES.contains(String.valueOf(tls.get("mode")))) {
            throw new InvalidCanarySpecException(at + ".tls.mode: must be one of " + sorted(TLS_MODES) + ", got " + tls.get("mode"));
        }
    }

    private static void fields(Map<String, Object> policy, Set<String> known, String at) {
        for (String key : policy.keySet()) {
            if (!known.contains(key)) {
                throw new InvalidCanarySpecException(at + "." + key + ": is not a field of Istio's TrafficPolicy (known: "
                        + sorted(known) + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
