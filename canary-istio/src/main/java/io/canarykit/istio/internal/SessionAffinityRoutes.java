package io.canarykit.istio.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.SessionAffinity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sticky canary sessions, Flagger's {@code getSessionAffinityRouteRules}. The engine mints and
 * retires the cookies and keeps them in the status; this class only renders them, so the same
 * status always renders the same routes and a reconcile never reads them as drift.
 *
 * <p>While the canary takes traffic: a route sending requests that carry the canary cookie to the
 * canary only, then (with {@code primaryCookieName}) one sending the primary cookie to the primary
 * only, then the weighted route, whose canary destination sets the canary cookie
 * ({@code Set-Cookie} response header) and whose primary destination sets the primary cookie.
 * Once the canary weight is back to 0: a route matching the previous run's cookie that deletes it
 * ({@code Max-Age=-1}) while routing like the weighted route, then the weighted route.
 */
public final class SessionAffinityRoutes {

    static final String COOKIE_HEADER = "Cookie";
    static final String SET_COOKIE_HEADER = "Set-Cookie";

    private SessionAffinityRoutes() {
    }

    /** The routes replacing {@code weighted}; {@code weighted}'s destinations get their cookie headers in place. */
    public static List<Map<String, Object>> routes(Canary canary, SessionAffinity affinity, int canaryWeight,
            Map<String, Object> weighted, List<Map<String, Object>> serviceMatches) {
        CanaryStatus status = canary.status();
        String primaryName = canary.spec().primaryServiceName();
        String canaryName = canary.spec().canaryServiceName();
        List<Map<String, Object>> routes = new ArrayList<>();
        if (canaryWeight != 0) {
            Optional<Cookie> canaryCookie = Cookie.parse(status.sessionAffinityCookie());
            if (canaryCookie.isEmpty()) {
                // Nothing minted yet (the engine mints before it shifts traffic): route by weight only.
                return List.of(weighted);
            }
            Optional<Cookie> primaryCookie = Cookie.parse(status.primarySessionAffinityCookie())
                    .filter(c -> affinity.primaryCookieName() != null && !affinity.primaryCookieName().isEmpty());
            routes.add(sticky(canary, weighted, canaryCookie.get(), serviceMatches, 0, 100));
            primaryCookie.ifPresent(c -> routes.add(sticky(canary, weighted, c, serviceMatches, 100, 0)));
            for (Object d : Trees.list(weighted.get("route"))) {
                Map<String, Object> destination = Trees.map(d);
                String host = Trees.string(Trees.map(destination.get("destination")).get("host"));
                if (canaryName.equals(host)) {
                    destination.put("headers", setCookie(canaryCookie.get().text() + attributes(affinity, affinity.maxAgeOrDefault())));
                } else if (primaryName.equals(host) && primaryCookie.isPresent()) {
                    // The primary cookie lives one interval: it keeps a session on the primary until the next step.
                    int maxAge = (int) canary.analysis().intervalOrDefault().toSeconds();
                    destination.put("headers", setCookie(primaryCookie.get().text() + attributes(affinity, maxAge)));
                }
            }
            routes.add(weighted);
            return routes;
        }
        // A cookie still current here belongs to the run that just ended (the engine normally retires it first).
        String previous = status.sessionAffinityCookie() != null ? status.sessionAffinityCookie()
                : status.previousSessionAffinityCookie();
        Optional<Cookie> previousCookie = Cookie.parse(previous);
        if (previousCookie.isPresent()) {
            Map<String, Object> delete = Trees.copy(weighted);
            delete.put("match", IstioMatches.merge(List.of(cookieMatch(previousCookie.get())), serviceMatches));
            delete.put("headers", withSetCookie(Trees.map(weighted.get("headers")), previousCookie.get().text() + "; Max-Age=-1"));
            routes.add(delete);
        }
        routes.add(weighted);
        return routes;
    }

    private static Map<String, Object> sticky(Canary canary, Map<String, Object> weighted, Cookie cookie,
            List<Map<String, Object>> serviceMatches, int primaryWeight, int canaryWeight) {
        Map<String, Object> route = Trees.copy(weighted);
        route.put("match", IstioMatches.merge(List.of(cookieMatch(cookie)), serviceMatches));
        route.put("route", new ArrayList<>(List.of(
                Destinations.of(canary, canary.spec().primaryServiceName(), primaryWeight),
                Destinations.of(canary, canary.spec().canaryServiceName(), canaryWeight))));
        return route;
    }

    private static Map<String, Object> cookieMatch(Cookie cookie) {
        Map<String, Object> regex = new LinkedHashMap<>();
        regex.put("regex", ".*" + cookie.name() + ".*" + cookie.value() + ".*");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(COOKIE_HEADER, regex);
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("headers", headers);
        return match;
    }

    private static Map<String, Object> setCookie(String value) {
        return withSetCookie(Map.of(), value);
    }

    /** {@code headers} (route-level, from {@code service.headers}) with {@code response.add["Set-Cookie"] = value}. */
    private static Map<String, Object> withSetCookie(Map<String, Object> headers, String value) {
        Map<String, Object> out = Trees.copy(headers);
        Map<String, Object> response = Trees.copy(Trees.map(out.get("response")));
        Map<String, Object> add = Trees.copy(Trees.map(response.get("add")));
        add.put(SET_COOKIE_HEADER, value);
        response.put("add", add);
        out.put("response", response);
        return out;
    }

    /** Flagger's {@code BuildCookie} attributes: {@code ; Max-Age=<n>[; Domain=..][; HttpOnly][; Partitioned][; Path=..][; SameSite=..][; Secure]}. */
    static String attributes(SessionAffinity affinity, int maxAge) {
        StringBuilder b = new StringBuilder("; Max-Age=").append(maxAge);
        if (notEmpty(affinity.domain())) {
            b.append("; Domain=").append(affinity.domain());
        }
        if (Boolean.TRUE.equals(affinity.httpOnly())) {
            b.append("; HttpOnly");
        }
        if (Boolean.TRUE.equals(affinity.partitioned())) {
            b.append("; Partitioned");
        }
        if (notEmpty(affinity.path())) {
            b.append("; Path=").append(affinity.path());
        }
        if (notEmpty(affinity.sameSite())) {
            b.append("; SameSite=").append(affinity.sameSite());
        }
        if (Boolean.TRUE.equals(affinity.secure())) {
            b.append("; Secure");
        }
        return b.toString();
    }

    private static boolean notEmpty(@Nullable String s) {
        return s != null && !s.isEmpty();
    }

    /** A cookie as the status keeps it: {@code <name>=<value>}. */
    record Cookie(String name, String value) {

        static Optional<Cookie> parse(@Nullable String text) {
            if (text == null || text.isEmpty()) {
                return Optional.empty();
            }
            int eq = text.indexOf('=');
            return eq < 0 ? Optional.of(new Cookie(text, "")) : Optional.of(new Cookie(text.substring(0, eq), text.substring(eq + 1)));
        }

        String text() {
            return value.isEmpty() ? name : name + "=" + value;
        }
    }
}
