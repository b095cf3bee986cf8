package io.canarykit.istio.internal;

import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CorsPolicy;
import io.canarykit.api.model.HeaderOperations;
import io.canarykit.api.model.Headers;
import io.canarykit.api.model.HttpRetry;
import io.canarykit.api.model.HttpRewrite;
import io.canarykit.api.model.StringMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options every generated HTTP route carries, from {@code spec.service}: {@code rewrite},
 * {@code timeout}, {@code retries}, {@code corsPolicy} and {@code headers}, in the shape of
 * Flagger's Istio types (empty fields left out; {@code retries.attempts} always written).
 */
public final class RouteOptions {

    private RouteOptions() {
    }

    /** Puts the options of {@code service} into {@code route}, in Flagger's field order. */
    public static void putInto(Map<String, Object> route, CanaryService service) {
        HttpRewrite rewrite = service.rewrite();
        if (rewrite != null) {
            // Flagger's GetIstioRewrite: uri and authority; Istio replaces a matched prefix by itself, so `type` has no field here.
            Map<String, Object> tree = new LinkedHashMap<>();
            putText(tree, "uri", rewrite.uri());
            putText(tree, "authority", rewrite.authority());
            route.put("rewrite", tree);
        }
        putText(route, "timeout", service.timeout());
        HttpRetry retries = service.retries();
        if (retries != null) {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("attempts", retries.attempts() == null ? 0 : retries.attempts());
            putText(tree, "perTryTimeout", retries.perTryTimeout());
            putText(tree, "retryOn", retries.retryOn());
            route.put("retries", tree);
        }
        CorsPolicy cors = service.corsPolicy();
        if (cors != null) {
            route.put("corsPolicy", cors(cors));
        }
        Headers headers = service.headers();
        if (headers != null) {
            route.put("headers", headers(headers));
        }
    }

    static Map<String, Object> cors(CorsPolicy cors) {
        Map<String, Object> tree = new LinkedHashMap<>();
        putList(tree, "allowOrigin", cors.allowOrigin());
        if (!cors.allowOrigins().isEmpty()) {
            List<Object> origins = new ArrayList<>();
            for (int i = 0; i < cors.allowOrigins().size(); i++) {
                StringMatch origin = cors.allowOrigins().get(i);
                origins.add(IstioMatches.stringMatch(origin, "spec.service.corsPolicy.allowOrigins[" + i + "]"));
            }
            tree.put("allowOrigins", origins);
        }
        putList(tree, "allowMethods", cors.allowMethods());
        putList(tree, "allowHeaders", cors.allowHeaders());
        putList(tree, "exposeHeaders", cors.exposeHeaders());
        putText(tree, "maxAge", cors.maxAge());
        if (Boolean.TRUE.equals(cors.allowCredentials())) {
            tree.put("allowCredentials", true);
        }
        return tree;
    }

    static Map<String, Object> headers(Headers headers) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (headers.request() != null) {
            tree.put("request", operations(headers.request()));
        }
        if (headers.response() != null) {
            tree.put("response", operations(headers.response()));
        }
        return tree;
    }

    private static Map<String, Object> operations(HeaderOperations ops) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (!ops.set().isEmpty()) {
            tree.put("set", new LinkedHashMap<>(ops.set()));
        }
        if (!ops.add().isEmpty()) {
            tree.put("add", new LinkedHashMap<>(ops.add()));
        }
        putList(tree, "remove", ops.remove());
        return tree;
    }

    private static void putList(Map<String, Object> tree, String key, List<String> values) {
        if (!values.isEmpty()) {
            tree.put(key, new ArrayList<>(values));
        }
    }

    private static void putText(Map<String, Object> tree, String key, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            tree.put(key, value);
        }
    }
}
