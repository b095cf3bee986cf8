package io.canarykit.nginx.internal;

import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The A/B condition nginx can express, taken from {@code analysis.match} as Flagger's ingress router
 * takes it: a header named {@code cookie} is {@code canary-by-cookie} (its exact value names the
 * cookie), any other header is {@code canary-by-header} with an exact value or a regex pattern.
 * Empty strings mean "not set". The validator ({@code NginxRules}) refuses what does not fit here.
 */
public record AbMatch(String header, String headerValue, String headerPattern, String cookie) {

    static final String COOKIE = "cookie";

    /** The match of {@code matches}, or empty when there is none (not an A/B analysis). */
    public static Optional<AbMatch> of(List<HttpMatchRequest> matches) {
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        String header = "";
        String value = "";
        String pattern = "";
        String cookie = "";
        // Like Flagger, a later entry overrides an earlier one; validation makes sure there is only one of each.
        for (HttpMatchRequest match : matches) {
            for (Map.Entry<String, StringMatch> h : match.headers().entrySet()) {
                if (COOKIE.equals(h.getKey())) {
                    cookie = orEmpty(h.getValue().exact());
                } else {
                    header = h.getKey();
                    value = orEmpty(h.getValue().exact());
                    pattern = orEmpty(h.getValue().regex());
                }
            }
        }
        return Optional.of(new AbMatch(header, value, pattern, cookie));
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
