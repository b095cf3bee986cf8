package io.canarykit.gatewayapi.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.SessionAffinity;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sticky canary sessions (Flagger's {@code getSessionAffinityRouteRules}). The engine mints and
 * retires the cookies and keeps them in the status; this class only renders them, so that the
 * same status always renders the same rules (reconcile then never sees drift in them).
 *
 * <p>While the canary takes traffic: a rule sending requests that carry the canary cookie to the
 * canary only, optionally one sending the primary cookie to the primary only, then the weighted
 * rule, whose canary backend sets the canary cookie (and whose primary backend sets the primary
 * cookie). Once the canary weight is back to 0: a rule matching the previous run's cookie that
 * deletes it ({@code Max-Age=-1}) while routing like the weighted rule, then the weighted rule.
 */
public final class SessionAffinityRules {

    private static final String COOKIE_HEADER = "Cookie";

    private SessionAffinityRules() {
    }

    /** The rules replacing {@code weighted}; {@code weighted} itself is modified in place when the canary sets a cookie. */
    public static List<HTTPRouteRule> rules(Canary canary, SessionAffinity affinity, int canaryWeight, HTTPRouteRule weighted) {
        CanaryStatus status = canary.status();
        List<HTTPRouteMatch> serviceMatches = weighted.getMatches();
        String primaryName = canary.spec().primaryServiceName();
        String canaryName = canary.spec().canaryServiceName();
        List<HTTPRouteRule> rules = new ArrayList<>();
        if (canaryWeight != 0) {
            Optional<Cookie> canaryCookie = Cookie.parse(status.sessionAffinityCookie());
            Optional<Cookie> primaryCookie = Cookie.parse(status.primarySessionAffinityCookie())
                    .filter(c -> affinity.primaryCookieName() != null && !affinity.primaryCookieName().isEmpty());
            if (canaryCookie.isEmpty()) {
                // Nothing minted yet (the engine always mints before shifting): route by weight only.
                return List.of(weighted);
            }
            for (HTTPBackendRef ref : weighted.getBackendRefs()) {
                if (canaryName.equals(ref.getName())) {
                    ref.getFilters().add(RouteFilters.addSetCookie(canaryCookie.get().text()
                            + attributes(affinity, affinity.maxAgeOrDefault())));
                } else if (primaryName.equals(ref.getName()) && primaryCookie.isPresent()) {
                    // The primary cookie lives one interval: long enough to keep a session on one side between steps.
                    int maxAge = (int) canary.analysis().intervalOrDefault().toSeconds();
                    ref.getFilters().add(RouteFilters.addSetCookie(primaryCookie.get().text() + attributes(affinity, maxAge)));
                }
            }
            rules.add(sticky(weighted, canaryCookie.get(), serviceMatches, 0, 100));
            primaryCookie.ifPresent(c -> rules.add(sticky(weighted, c, serviceMatches, 100, 0)));
            rules.add(weighted);
            return rules;
        }
        // A cookie still current here belongs to the run that just ended (the engine normally retires it first).
        String previous = status.sessionAffinityCookie() != null ? status.sessionAffinityCookie()
                : status.previousSessionAffinityCookie();
        Optional<Cookie> previousCookie = Cookie.parse(previous);
        if (previousCookie.isPresent()) {
            HTTPRouteRule delete = weighted.toBuilder().build();
            delete.setMatches(MatchMapping.merge(List.of(cookieMatch(previousCookie.get())), serviceMatches));
            delete.setFilters(RouteFilters.withSetCookie(weighted.getFilters(), previousCookie.get().text() + "; Max-Age=-1"));
            rules.add(delete);
        }
        rules.add(weighted);
        return rules;
    }

    private static HTTPRouteRule sticky(HTTPRouteRule weighted, Cookie cookie, List<HTTPRouteMatch> serviceMatches,
            int primaryWeight, int canaryWeight) {
        HTTPRouteRule rule = weighted.toBuilder().build();
        rule.setMatches(MatchMapping.merge(List.of(cookieMatch(cookie)), serviceMatches));
        List<HTTPBackendRef> refs = new ArrayList<>();
        for (HTTPBackendRef ref : weighted.getBackendRefs()) {
            HTTPBackendRef copy = ref.toBuilder().build();
            copy.setFilters(new ArrayList<>());
            refs.add(copy);
        }
        refs.get(0).setWeight(primaryWeight);
        refs.get(1).setWeight(canaryWeight);
        rule.setBackendRefs(refs);
        return rule;
    }

    private static HTTPRouteMatch cookieMatch(Cookie cookie) {
        HTTPRouteMatch match = new HTTPRouteMatch();
        match.setHeaders(new ArrayList<>(List.of(new HTTPHeaderMatch(COOKIE_HEADER, MatchMapping.REGULAR_EXPRESSION,
                ".*" + cookie.name() + ".*" + cookie.value() + ".*"))));
        return match;
    }

    /** {@code ; Max-Age=<n>[; Domain=..][; HttpOnly][; Partitioned][; Path=..][; SameSite=..][; Secure]}, Flagger's order. */
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
