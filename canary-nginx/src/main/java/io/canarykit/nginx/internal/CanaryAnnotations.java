package io.canarykit.nginx.internal;

import io.canarykit.api.spi.Routes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ingress-nginx canary annotations under a prefix (Flagger's {@code -ingress-annotations-prefix},
 * default {@code nginx.ingress.kubernetes.io}), and how Flagger's ingress router sets them: the canary
 * Ingress always carries {@code canary: "true"}; a split is {@code canary-weight}; an A/B split is
 * {@code canary-by-header}, {@code -value}, {@code -pattern} or {@code canary-by-cookie} with weight 0;
 * back to the primary, every routing key is dropped and the weight is 0.
 */
public record CanaryAnnotations(String prefix) {

    public static final String DEFAULT_PREFIX = "nginx.ingress.kubernetes.io";
    /** Never copied from the user's Ingress: it describes the user's object, not the copy. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Tell GitOps tools not to undo what the router writes (Flagger's router/util.go). */
    static final Map<String, String> TOOLKIT = Map.of(
            "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
            "helm.toolkit.fluxcd.io/driftDetection", "disabled");

    public CanaryAnnotations {
        Objects.requireNonNull(prefix, "prefix");
    }

    public static CanaryAnnotations ofDefaults() {
        return new CanaryAnnotations(DEFAULT_PREFIX);
    }

    public String canary() {
        return key("canary");
    }

    public String weight() {
        return key("canary-weight");
    }

    public String byHeader() {
        return key("canary-by-header");
    }

    public String byHeaderValue() {
        return key("canary-by-header-value");
    }

    public String byHeaderPattern() {
        return key("canary-by-header-pattern");
    }

    public String byCookie() {
        return key("canary-by-cookie");
    }

    /** Every key this prefix owns ({@code <prefix>/...}): what {@code operator-demo} shows. */
    public boolean owns(String key) {
        return key.startsWith(prefix + "/");
    }

    /**
     * The annotations of a new canary Ingress: the user's, without their canary keys and kubectl's
     * last-applied copy, plus the GitOps opt-outs, {@code canary: "true"} and weight 0.
     */
    public Map<String, String> initial(Map<String, String> user) {
        Map<String, String> out = copied(user);
        out.put(canary(), "true");
        out.put(weight(), "0");
        return out;
    }

    /** The user's annotations that the canary Ingress carries as well. */
    public Map<String, String> copied(Map<String, String> user) {
        Map<String, String> out = new LinkedHashMap<>();
        user.forEach((k, v) -> {
            if (!isRouting(k) && !LAST_APPLIED.equals(k)) {
                out.put(k, v);
            }
        });
        out.putAll(TOOLKIT);
        return out;
    }

    /** {@code live} with the routing keys of {@code split} ({@code ab} present: an A/B analysis). */
    public Map<String, String> forSplit(Map<String, String> live, Routes split, Optional<AbMatch> ab) {
        Map<String, String> out = withoutRouting(live);
        out.put(canary(), "true");
        if (ab.isPresent() && split.canaryWeight() > 0) {
            AbMatch m = ab.get();
            out.put(weight(), "0");
            putIfSet(out, byHeader(), m.header());
            putIfSet(out, byHeaderValue(), m.headerValue());
            putIfSet(out, byHeaderPattern(), m.headerPattern());
            putIfSet(out, byCookie(), m.cookie());
        } else {
            out.put(weight(), Integer.toString(split.canaryWeight()));
        }
        return out;
    }

    /**
     * The split {@code live} routes: all canary when an A/B analysis has its header or cookie set
     * (Flagger's GetRoutes), else {@code canary-weight} (missing reads as 0).
     */
    public Optional<Routes> read(Map<String, String> live, boolean ab) {
        if (ab && (live.containsKey(byHeader()) || live.containsKey(byCookie()))) {
            return Optional.of(Routes.CANARY_ONLY);
        }
        String value = live.getOrDefault(weight(), "0");
        try {
            int w = Integer.parseInt(value.trim());
            return w < 0 || w > 100 ? Optional.empty() : Optional.of(Routes.canaryWeight(w));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code live} after a reconcile: the user's copied keys brought up to date, the routing keys in force kept. */
    public Map<String, String> repaired(Map<String, String> live, Map<String, String> user) {
        Map<String, String> out = new LinkedHashMap<>(live);
        out.putAll(copied(user));
        out.put(canary(), "true");
        out.putIfAbsent(weight(), "0");
        return out;
    }

    private Map<String, String> withoutRouting(Map<String, String> live) {
        Map<String, String> out = new LinkedHashMap<>();
        live.forEach((k, v) -> {
            if (!isRouting(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** {@code canary} and every {@code canary-*} key under the prefix (Flagger strips them all). */
    private boolean isRouting(String key) {
        return key.startsWith(canary());
    }

    private String key(String name) {
        return prefix + "/" + name;
    }

    private static void putIfSet(Map<String, String> out, String key, String value) {
        if (!value.isEmpty()) {
            out.put(key, value);
        }
    }
}
