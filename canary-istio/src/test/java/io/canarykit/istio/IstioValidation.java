package io.canarykit.istio;

import io.canarykit.istio.internal.Trees;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Istio's validation webhook refuses in the VirtualServices the router writes (the mock server
 * has no Istio and validates nothing): hosts required unless delegate, no gateways on a delegate,
 * destinations with a host and a non-negative weight, weights of a multi-destination route adding up
 * to 100 (Istio before 1.6; later releases still refuse a total of 0), {@code mirrorPercentage}
 * within 0..100, and string matches setting one of exact/prefix/suffix/regex.
 */
final class IstioValidation {

    private IstioValidation() {
    }

    static List<String> violations(GenericKubernetesResource vs) {
        List<String> out = new ArrayList<>();
        Map<String, Object> spec = IstioResources.spec(vs);
        List<Object> hosts = Trees.list(spec.get("hosts"));
        if (hosts.isEmpty() && !Trees.list(spec.get("gateways")).isEmpty()) {
            out.add("spec.gateways: a delegate VirtualService (no hosts) cannot have gateways");
        }
        for (String kind : List.of("http", "tcp")) {
            List<Object> routes = Trees.list(spec.get(kind));
            for (int r = 0; r < routes.size(); r++) {
                Map<String, Object> route = Trees.map(routes.get(r));
                String at = "spec." + kind + "[" + r + "]";
                List<Object> destinations = Trees.list(route.get("route"));
                if (destinations.isEmpty()) {
                    out.add(at + ".route: required");
                }
                int total = 0;
                for (Object d : destinations) {
                    Map<String, Object> destination = Trees.map(d);
                    if (Trees.string(Trees.map(destination.get("destination")).get("host")).isEmpty()) {
                        out.add(at + ".route.destination.host: required");
                    }
                    int weight = Trees.integer(destination.get("weight"), 0);
                    if (weight < 0) {
                        out.add(at + ".route.weight: must be >= 0");
                    }
                    total += weight;
                }
                if (destinations.size() > 1 && total != 100) {
                    out.add(at + ".route: weights add up to " + total + ", not 100");
                }
                Object percentage = Trees.map(route.get("mirrorPercentage")).get("value");
                if (percentage != null && (Trees.integer(percentage, -1) < 0 || Trees.integer(percentage, -1) > 100)) {
                    out.add(at + ".mirrorPercentage.value: must be within 0..100");
                }
                List<Object> matches = Trees.list(route.get("match"));
                for (int m = 0; m < matches.size(); m++) {
                    Map<String, Object> match = Trees.map(matches.get(m));
                    String matchAt = at + ".match[" + m + "]";
                    for (String field : List.of("uri", "scheme", "method", "authority")) {
                        if (match.containsKey(field) && Trees.map(match.get(field)).size() != 1) {
                            out.add(matchAt + "." + field + ": one of exact, prefix, suffix, regex");
                        }
                    }
                    for (String field : List.of("headers", "withoutHeaders", "queryParams")) {
                        Trees.map(match.get(field)).forEach((name, value) -> {
                            if (Trees.map(value).size() > 1) {
                                out.add(matchAt + "." + field + "." + name + ": at most one of exact, prefix, suffix, regex");
                            }
                        });
                    }
                }
            }
        }
        return out;
    }
}
