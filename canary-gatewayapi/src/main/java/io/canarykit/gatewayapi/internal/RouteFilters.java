package io.canarykit.gatewayapi.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.BackendReference;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CorsPolicy;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.HeaderOperations;
import io.canarykit.api.model.HttpRewrite;
import io.canarykit.api.model.RequestMirror;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Fraction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeader;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRequestMirrorFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPURLRewriteFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filters of every generated rule, from {@code spec.service} (Flagger's {@code makeFilters}), in
 * Flagger's order: request headers, response headers, URL rewrite, static mirrors, CORS.
 */
public final class RouteFilters {

    public static final String REQUEST_HEADER_MODIFIER = "RequestHeaderModifier";
    public static final String RESPONSE_HEADER_MODIFIER = "ResponseHeaderModifier";
    public static final String URL_REWRITE = "URLRewrite";
    public static final String REQUEST_MIRROR = "RequestMirror";
    public static final String CORS = "CORS";
    /** The CRD's default for {@code cors.maxAge}: written out, or the defaulted value would read as drift. */
    static final int DEFAULT_CORS_MAX_AGE_SECONDS = 5;
    private static final String SET_COOKIE = "Set-Cookie";
    private static final Logger LOG = LoggerFactory.getLogger(RouteFilters.class);
    private static final Comparator<HTTPHeader> BY_NAME_THEN_VALUE =
            Comparator.comparing(HTTPHeader::getName).thenComparing(HTTPHeader::getValue);

    private RouteFilters() {
    }

    public static List<HTTPRouteFilter> of(CanaryService service) {
        List<HTTPRouteFilter> filters = new ArrayList<>();
        if (service.headers() != null) {
            headerFilter(REQUEST_HEADER_MODIFIER, service.headers().request()).ifPresent(filters::add);
            headerFilter(RESPONSE_HEADER_MODIFIER, service.headers().response()).ifPresent(filters::add);
        }
        if (service.rewrite() != null) {
            filters.add(rewrite(service.rewrite()));
        }
        for (RequestMirror mirror : service.mirror()) {
            filters.add(mirror(mirror));
        }
        if (service.corsPolicy() != null) {
            filters.add(cors(service.corsPolicy()));
        }
        return filters;
    }

    /** A {@code RequestMirror} filter copying traffic to {@code service} on {@code port} (blue/green mirroring). */
    public static HTTPRouteFilter mirrorTo(String service, @Nullable Integer port) {
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(REQUEST_MIRROR);
        HTTPRequestMirrorFilter mirror = new HTTPRequestMirrorFilter();
        mirror.setBackendRef(new BackendObjectReference(null, "Service", service, null, port));
        filter.setRequestMirror(mirror);
        return filter;
    }

    /**
     * {@code filters} (copied) with one {@code Set-Cookie} header added to their response headers:
     * merged into the existing {@code ResponseHeaderModifier} filter (from {@code service.headers.response})
     * when there is one, since the CRD refuses a second one in the same list ("cannot be repeated").
     */
    public static List<HTTPRouteFilter> withSetCookie(List<HTTPRouteFilter> filters, String value) {
        List<HTTPRouteFilter> merged = new ArrayList<>();
        boolean added = false;
        for (HTTPRouteFilter filter : filters) {
            if (!added && RESPONSE_HEADER_MODIFIER.equals(filter.getType()) && filter.getResponseHeaderModifier() != null) {
                HTTPRouteFilter copy = filter.toBuilder().build();
                HTTPHeaderFilter headers = filter.getResponseHeaderModifier().toBuilder().build();
                List<HTTPHeader> add = new ArrayList<>(headers.getAdd());
                add.add(new HTTPHeader(SET_COOKIE, value));
                headers.setAdd(add);
                copy.setResponseHeaderModifier(headers);
                merged.add(copy);
                added = true;
            } else {
                merged.add(filter);
            }
        }
        if (!added) {
            merged.add(addSetCookie(value));
        }
        return merged;
    }

    /** A response filter adding one {@code Set-Cookie} header (session affinity). */
    public static HTTPRouteFilter addSetCookie(String value) {
        HTTPHeaderFilter headers = new HTTPHeaderFilter();
        headers.setAdd(new ArrayList<>(List.of(new HTTPHeader(SET_COOKIE, value))));
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(RESPONSE_HEADER_MODIFIER);
        filter.setResponseHeaderModifier(headers);
        return filter;
    }

    private static Optional<HTTPRouteFilter> headerFilter(String type, @Nullable HeaderOperations operations) {
        if (operations == null) {
            return Optional.empty();
        }
        HTTPHeaderFilter headers = new HTTPHeaderFilter();
        headers.setAdd(sorted(operations.add()));
        headers.setSet(sorted(operations.set()));
        headers.setRemove(new ArrayList<>(operations.remove()));
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(type);
        if (REQUEST_HEADER_MODIFIER.equals(type)) {
            filter.setRequestHeaderModifier(headers);
        } else {
            filter.setResponseHeaderModifier(headers);
        }
        return Optional.of(filter);
    }

    // Sorted: a map's order is not stable across reads, and a reordered list would read as drift.
    private static List<HTTPHeader> sorted(Map<String, String> headers) {
        List<HTTPHeader> list = new ArrayList<>();
        headers.forEach((k, v) -> list.add(new HTTPHeader(k, v)));
        list.sort(BY_NAME_THEN_VALUE);
        return list;
    }

    private static HTTPRouteFilter rewrite(HttpRewrite rewrite) {
        HTTPURLRewriteFilter urlRewrite = new HTTPURLRewriteFilter();
        if (rewrite.authority() != null && !rewrite.authority().isEmpty()) {
            urlRewrite.setHostname(rewrite.authority());
        }
        if (rewrite.uri() != null && !rewrite.uri().isEmpty()) {
            HTTPPathModifier path = new HTTPPathModifier();
            if (HttpRewrite.REPLACE_PREFIX_MATCH.equals(rewrite.type())) {
                path.setType("ReplacePrefixMatch");
                path.setReplacePrefixMatch(rewrite.uri());
            } else {
                path.setType("ReplaceFullPath");
                path.setReplaceFullPath(rewrite.uri());
            }
            urlRewrite.setPath(path);
        }
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(URL_REWRITE);
        filter.setUrlRewrite(urlRewrite);
        return filter;
    }

    private static HTTPRouteFilter mirror(RequestMirror mirror) {
        BackendReference ref = mirror.backendRef();
        HTTPRequestMirrorFilter filter = new HTTPRequestMirrorFilter();
        // Defaults written out, as the API server would default them: otherwise every read looks like drift.
        // Except the core group's "": Kubernetes v1.20 refuses an empty string there (SpecChange treats both alike).
        filter.setBackendRef(new BackendObjectReference(ref.group() == null || ref.group().isEmpty() ? null : ref.group(),
                ref.kind() == null || ref.kind().isEmpty() ? "Service" : ref.kind(), ref.name(), ref.namespace(), ref.port()));
        filter.setPercent(mirror.percent());
        if (mirror.fraction() != null) {
            RequestMirror.Fraction f = mirror.fraction();
            filter.setFraction(new Fraction(f.denominator() == null ? 100 : f.denominator(), f.numerator()));
        }
        HTTPRouteFilter route = new HTTPRouteFilter();
        route.setType(REQUEST_MIRROR);
        route.setRequestMirror(filter);
        return route;
    }

    private static HTTPRouteFilter cors(CorsPolicy policy) {
        if (!policy.allowOrigins().isEmpty()) {
            // Gateway API origins are literal or wildcard strings, not Istio's string matches (Flagger logs and skips too).
            LOG.warn("corsPolicy.allowOrigins is not supported by the Gateway API provider and is ignored; use allowOrigin");
        }
        HTTPCORSFilter cors = new HTTPCORSFilter();
        cors.setAllowOrigins(new ArrayList<>(policy.allowOrigin()));
        cors.setAllowMethods(new ArrayList<>(policy.allowMethods()));
        cors.setAllowHeaders(new ArrayList<>(policy.allowHeaders()));
        cors.setExposeHeaders(new ArrayList<>(policy.exposeHeaders()));
        cors.setAllowCredentials(policy.allowCredentials());
        cors.setMaxAge(policy.maxAge() != null && !policy.maxAge().isEmpty() ? maxAgeSeconds(policy.maxAge())
                : DEFAULT_CORS_MAX_AGE_SECONDS);
        HTTPRouteFilter filter = new HTTPRouteFilter();
        filter.setType(CORS);
        filter.setCors(cors);
        return filter;
    }

    private static int maxAgeSeconds(String maxAge) {
        return GoDuration.tryParse(maxAge).map(d -> (int) d.toSeconds()).orElseThrow(() ->
                new InvalidCanarySpecException("spec.service.corsPolicy.maxAge: " + GoDuration.problem(maxAge)));
    }
}
