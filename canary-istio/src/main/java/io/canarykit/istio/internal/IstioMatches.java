package io.canarykit.istio.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Istio {@code HTTPMatchRequest}s from {@code service.match} and {@code analysis.match}: the model
 * has Istio's shape already, so a match is written field for field (empty fields left out, as
 * Flagger's Go types do with {@code omitempty}). What Istio would refuse, or what would silently
 * match every request, is refused here with the field path.
 */
public final class IstioMatches {

    private IstioMatches() {
    }

    /** {@code matches} as Istio match trees; {@code at} is the field path for errors ({@code spec.service.match}). */
    public static List<Map<String, Object>> of(List<HttpMatchRequest> matches, String at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            out.add(of(matches.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    /**
     * The A/B matches ({@code analysis.match}): like {@link #of}, but an entry without any
     * condition is refused, since Istio would send every request to the canary through it.
     */
    public static List<Map<String, Object>> abMatches(List<HttpMatchRequest> matches, String at) {
        List<Map<String, Object>> out = of(matches, at);
        for (int i = 0; i < out.size(); i++) {
            Map<String, Object> conditions = new LinkedHashMap<>(out.get(i));
            conditions.remove("name");
            if (conditions.isEmpty()) {
                throw new InvalidCanarySpecException(at + "[" + i + "]: has no condition (set headers, queryParams, uri, ...): "
                        + "an empty A/B match would send every request to the canary");
            }
        }
        return out;
    }

    /**
     * Flagger's {@code mergeMatchConditions}: each A/B match combined with each service match (the
     * service match copied, the A/B match's conditions put over it), so that an A/B condition
     * applies only within the service's routes; without service matches the A/B matches as they are.
     */
    public static List<Map<String, Object>> merge(List<Map<String, Object>> ab, List<Map<String, Object>> service) {
        if (service.isEmpty()) {
            return copies(ab);
        }
        List<Map<String, Object>> merged = new ArrayList<>();
        for (Map<String, Object> a : ab) {
            for (Map<String, Object> s : service) {
                Map<String, Object> m = Trees.copy(s);
                // Flagger copies headers and sourceLabels only; any other condition of the A/B match
                // (queryParams, uri, ...) would be dropped and the A/B route would take every request.
                a.forEach((key, value) -> {
                    if (!"name".equals(key)) {
                        m.put(key, Trees.normalised(value));
                    }
                });
                merged.add(m);
            }
        }
        return merged;
    }

    public static List<Map<String, Object>> copies(List<Map<String, Object>> matches) {
        return new ArrayList<>(matches.stream().map(Trees::copy).toList());
    }

    static Map<String, Object> of(HttpMatchRequest m, String at) {
        Map<String, Object> out = new LinkedHashMap<>();
        putText(out, "name", m.name());
        putMatch(out, "uri", m.uri(), at);
        putMatch(out, "scheme", m.scheme(), at);
        putMatch(out, "method", m.method(), at);
        putMatch(out, "authority", m.authority(), at);
        putMatches(out, "headers", m.headers(), at);
        if (m.port() != null && m.port() != 0) {
            if (m.port() < 0 || m.port() > 65535) {
                throw new InvalidCanarySpecException(at + ".port: must be a port number in 1..65535, got " + m.port());
            }
            out.put("port", m.port());
        }
        if (!m.sourceLabels().isEmpty()) {
            out.put("sourceLabels", new LinkedHashMap<>(m.sourceLabels()));
        }
        if (!m.gateways().isEmpty()) {
            out.put("gateways", new ArrayList<>(m.gateways()));
        }
        putMatches(out, "queryParams", m.queryParams(), at);
        if (Boolean.TRUE.equals(m.ignoreUriCase())) {
            out.put("ignoreUriCase", true);
        }
        putMatches(out, "withoutHeaders", m.withoutHeaders(), at);
        putText(out, "sourceNamespace", m.sourceNamespace());
        return out;
    }

    /** An Istio {@code StringMatch}: exactly one of exact, prefix, suffix, regex (a oneof in Istio's API). */
    public static Map<String, Object> stringMatch(StringMatch match, String at) {
        if (match.kindsSet() != 1) {
            throw new InvalidCanarySpecException(at + ": must set exactly one of exact, prefix, suffix, regex, got "
                    + match.kindsSet());
        }
        String kind = match.kind().orElseThrow();
        String value = switch (kind) {
            case "exact" -> match.exact();
            case "prefix" -> match.prefix();
            case "suffix" -> match.suffix();
            default -> match.regex();
        };
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(kind, value);
        return out;
    }

    private static void putMatch(Map<String, Object> out, String key, @Nullable StringMatch match, String at) {
        if (match != null) {
            out.put(key, stringMatch(match, at + "." + key));
        }
    }

    private static void putMatches(Map<String, Object> out, String key, Map<String, StringMatch> matches, String at) {
        if (matches.isEmpty()) {
            return;
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        matches.forEach((name, match) -> {
            String path = at + "." + key + "." + name;
            if (match.kindsSet() == 0) {
                // Istio matches the presence of a header or query parameter with an empty StringMatch.
                tree.put(name, new LinkedHashMap<String, Object>());
                return;
            }
            if ("queryParams".equals(key) && (match.prefix() != null || match.suffix() != null)) {
                throw new InvalidCanarySpecException(path + ": Istio matches query parameters with exact or regex only");
            }
            tree.put(name, stringMatch(match, path));
        });
        out.put(key, tree);
    }

    private static void putText(Map<String, Object> out, String key, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }
}
