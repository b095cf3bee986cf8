package io.canarykit.gatewayapi.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.HttpRewrite;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Gateway API accepts a {@code ReplacePrefixMatch} rewrite only on a rule with exactly one
 * {@code PathPrefix} match (the prefix it replaces): the CRD refuses anything else with "When using
 * URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified".
 * A/B testing and sticky sessions multiply matches, so such a rule is split into one rule per match
 * (same filters, backends and timeouts: the same routing, since matches within a rule are ORed).
 */
final class PrefixRewrites {

    private PrefixRewrites() {
    }

    /** Refuses a prefix rewrite on a service match that is not a path prefix: Gateway API cannot express it. */
    static void requirePrefixMatches(CanaryService service, List<HTTPRouteMatch> serviceMatches) {
        if (!isPrefixRewrite(service.rewrite())) {
            return;
        }
        for (int i = 0; i < serviceMatches.size(); i++) {
            HTTPRouteMatch match = serviceMatches.get(i);
            if (match.getPath() == null || !MatchMapping.PATH_PREFIX.equals(match.getPath().getType())) {
                throw new InvalidCanarySpecException("spec.service.match[" + i + "].uri: a rewrite of type "
                        + "ReplacePrefixMatch needs a prefix match with the Gateway API provider");
            }
        }
    }

    /** {@code rules} with every prefix-rewriting rule of several matches split into one rule per match. */
    static List<HTTPRouteRule> split(List<HTTPRouteRule> rules) {
        List<HTTPRouteRule> out = new ArrayList<>();
        for (HTTPRouteRule rule : rules) {
            if (rule.getMatches().size() <= 1 || !rewritesPrefix(rule)) {
                out.add(rule);
                continue;
            }
            for (HTTPRouteMatch match : rule.getMatches()) {
                HTTPRouteRule one = rule.toBuilder().build();
                one.setMatches(new ArrayList<>(List.of(match)));
                out.add(one);
            }
        }
        return out;
    }

    private static boolean rewritesPrefix(HTTPRouteRule rule) {
        for (HTTPRouteFilter filter : rule.getFilters()) {
            if (RouteFilters.URL_REWRITE.equals(filter.getType()) && filter.getUrlRewrite() != null
                    && filter.getUrlRewrite().getPath() != null
                    && HttpRewrite.REPLACE_PREFIX_MATCH.equals(filter.getUrlRewrite().getPath().getType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrefixRewrite(@Nullable HttpRewrite rewrite) {
        return rewrite != null && HttpRewrite.REPLACE_PREFIX_MATCH.equals(rewrite.type()) && rewrite.uri() != null
                && !rewrite.uri().isEmpty();
    }
}
