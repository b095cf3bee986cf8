package io.canarykit.linkerd.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.DeploymentStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * What a TrafficSplit cannot express, refused with the field's path before anything is written.
 * Flagger's SMI routers ignore these fields, with consequences worse than a refusal: an A/B
 * analysis sets the weights to 0/100 for the matched requests, which on a split sends <em>every</em>
 * request to the canary; a weighted analysis with {@code mirror} sets "mirrored" at weight 0, which
 * a split never reads back, so the analysis would never leave weight 0. No SMI version has a cookie
 * route for session affinity, and Flagger writes no {@code HTTPRouteGroup} for v1alpha3's matches.
 * Blue/green with {@code mirror} is accepted: it runs on the canary Service's own traffic, as in
 * Flagger, without the mirrored copy.
 */
public final class SplitRules {

    private SplitRules() {
    }

    /** Throws {@link InvalidCanarySpecException} listing every field of {@code canary} the provider cannot route. */
    public static void check(Canary canary, String provider) {
        List<String> problems = problems(canary, provider);
        if (!problems.isEmpty()) {
            throw new InvalidCanarySpecException(String.join("; ", problems), problems);
        }
    }

    /** Each problem as {@code <field path>: <message>}, in the manifest's order. */
    public static List<String> problems(Canary canary, String provider) {
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String path = canary.spec().analysis() == null && canary.spec().canaryAnalysis() != null
                ? "spec.canaryAnalysis" : "spec.analysis";
        List<String> problems = new ArrayList<>();
        if (analysis.isMirror() && analysis.strategy() == DeploymentStrategy.CANARY) {
            problems.add(path + ".mirror: traffic mirroring is not supported by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight; a weighted analysis would never leave weight 0)");
        }
        if (!analysis.match().isEmpty()) {
            problems.add(path + ".match: request matching is not supported by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight; an A/B test would send every request to the canary)");
        }
        if (analysis.sessionAffinity() != null) {
            problems.add(path + ".sessionAffinity: session affinity is not supported by provider " + provider
                    + " (an SMI TrafficSplit has no cookie-based routing)");
        }
        return problems;
    }
}
