package io.canarykit.gatewayapi.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Istio-shaped matches ({@code service.match}, {@code analysis.match}) as Gateway API
 * {@code HTTPRouteMatch}es (Flagger's {@code mapRouteMatches} and {@code mergeMatchConditions}).
 * Gateway API cannot express every Istio match; those raise {@link InvalidCanarySpecException}
 * with the field path, rather than being dropped (a dropped condition would widen the canary's
 * audience silently).
 */
public final class MatchMapping {

    public static final String PATH_EXACT = "Exact";
    public static final String PATH_PREFIX = "PathPrefix";
    public static final String REGULAR_EXPRESSION = "RegularExpression";
    public static final String EXACT = "Exact";

    private MatchMapping() {
    }

    /** Every route matches {@code /} by prefix when the service names no match. */
    public static List<HTTPRouteMatch> defaultMatches() {
        HTTPRouteMatch match = new HTTPRouteMatch();
        match.setPath(new HTTPPathMatch(PATH_PREFIX, "/"));
        return List.of(match);
    }

    /** {@code service.match} mapped, or the default {@code PathPrefix /}. */
    public static List<HTTPRouteMatch> serviceMatches(List<HttpMatchRequest> matches) {
        return matches.isEmpty() ? defaultMatches() : map(matches, "spec.service.match");
    }

    public static List<HTTPRouteMatch> map(List<HttpMatchRequest> matches, String field) {
        List<HTTPRouteMatch> mapped = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            mapped.add(map(matches.get(i), field + "[" + i + "]"));
        }
        return mapped;
    }

    static HTTPRouteMatch map(HttpMatchRequest request, String field) {
        HTTPRouteMatch match = new HTTPRouteMatch();
        // Without a uri the API server defaults the path to PathPrefix "/": written out, so that it is no drift.
        match.setPath(request.uri() != null ? path(request.uri(), field + ".uri") : new HTTPPathMatch(PATH_PREFIX, "/"));
        if (request.method() != null) {
            StringMatch method = request.method();
            if (method.exact() == null) {
                throw unsupported(field + ".method", method, "exact");
            }
            match.setMethod(method.exact());
        }
        List<HTTPHeaderMatch> headers = new ArrayList<>();
        // Sorted by name: the manifest's map order is not stable across reads, the route must be.
        new TreeMap<>(request.headers()).forEach((name, value) -> {
            String f = field + ".headers." + name;
            headers.add(new HTTPHeaderMatch(name, typeOf(value, f), valueOf(value)));
        });
        match.setHeaders(headers);
        List<HTTPQueryParamMatch> params = new ArrayList<>();
        new TreeMap<>(request.queryParams()).forEach((name, value) -> {
            String f = field + ".queryParams." + name;
            params.add(new HTTPQueryParamMatch(name, typeOf(value, f), valueOf(value)));
        });
        match.setQueryParams(params);
        return match;
    }

    /**
     * The A/B matches: each analysis match combined with each service match (analysis headers and
     * query parameters replace the service match's), so that the A/B condition is ANDed with the
     * service's path while several analysis matches stay ORed.
     */
    public static List<HTTPRouteMatch> merge(List<HTTPRouteMatch> analysis, List<HTTPRouteMatch> service) {
        if (analysis.isEmpty()) {
            return copies(service);
        }
        if (service.isEmpty()) {
            return copies(analysis);
        }
        List<HTTPRouteMatch> merged = new ArrayList<>();
        for (HTTPRouteMatch a : analysis) {
            for (HTTPRouteMatch s : service) {
                HTTPRouteMatch m = s.toBuilder().build();
                if (!a.getHeaders().isEmpty()) {
                    m.setHeaders(new ArrayList<>(a.getHeaders()));
                }
                if (!a.getQueryParams().isEmpty()) {
                    m.setQueryParams(new ArrayList<>(a.getQueryParams()));
                }
                merged.add(m);
            }
        }
        return merged;
    }

    private static List<HTTPRouteMatch> copies(List<HTTPRouteMatch> matches) {
        return matches.stream().map(m -> m.toBuilder().build()).toList();
    }

    private static HTTPPathMatch path(StringMatch uri, String field) {
        if (uri.exact() != null) {
            return new HTTPPathMatch(PATH_EXACT, uri.exact());
        }
        if (uri.prefix() != null) {
            return new HTTPPathMatch(PATH_PREFIX, uri.prefix());
        }
        if (uri.regex() != null) {
            return new HTTPPathMatch(REGULAR_EXPRESSION, uri.regex());
        }
        throw unsupported(field, uri, "exact, prefix or regex");
    }

    private static String typeOf(StringMatch value, String field) {
        if (value.exact() != null) {
            return EXACT;
        }
        if (value.regex() != null) {
            return REGULAR_EXPRESSION;
        }
        throw unsupported(field, value, "exact or regex");
    }

    private static String valueOf(StringMatch value) {
        return value.exact() != null ? value.exact() : Objects.requireNonNull(value.regex());
    }

    private static InvalidCanarySpecException unsupported(String field, StringMatch match, String supported) {
        String kind = match.kind().orElse("empty");
        String message = field + ": " + kind + " match is not supported by the Gateway API provider (supported: " + supported + ")";
        return new InvalidCanarySpecException(message);
    }
}
