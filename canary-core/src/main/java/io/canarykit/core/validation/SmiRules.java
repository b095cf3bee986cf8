package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.DeploymentStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an SMI TrafficSplit cannot express, for the providers canary-linkerd routes ({@code linkerd},
 * {@code osm}, {@code smi:<version>} and {@code smi:<version>:<mesh>}), with the paths and reasons of
 * its {@code SplitRules}: a split only carries weights. An A/B analysis would send every request to
 * the canary, a weighted analysis with {@code mirror} would never leave weight 0, and no SMI version
 * routes by cookie. Blue/green with {@code mirror} runs, without the mirrored copy (a warning), and
 * the Istio-shaped {@code spec.service} settings are ignored (warnings).
 */
final class SmiRules {

    /** {@code SmiProvider.parse}: {@code smi:} and a served version, optionally {@code :<mesh>} (not empty). */
    static final Pattern SMI = Pattern.compile("smi:v1alpha[123](:.+)?");

    private SmiRules() {
    }

    static boolean isSmi(@Nullable String provider) {
        return provider != null && (provider.equals("linkerd") || provider.equals("osm") || SMI.matcher(provider).matches());
    }

    static void split(Canary canary, Findings out) {
        String provider = canary.spec().provider();
        if (!isSmi(provider)) {
            return;
        }
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String path = CanaryPaths.analysisPath(canary);
        if (analysis.isMirror() && analysis.strategy() == DeploymentStrategy.CANARY) {
            out.error(path + ".mirror", "traffic mirroring is not supported by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight; a weighted analysis would never leave weight 0)");
        } else if (analysis.isMirror()) {
            out.warning(path + ".mirror", "traffic mirroring is not supported by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight): the canary gets no mirrored copy, only its own traffic");
        }
        if (!analysis.match().isEmpty()) {
            out.error(path + ".match", "request matching is not supported by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight; an A/B test would send every request to the canary)");
        }
        if (analysis.sessionAffinity() != null) {
            out.error(path + ".sessionAffinity", "session affinity is not supported by provider " + provider
                    + " (an SMI TrafficSplit has no cookie-based routing)");
        }
    }

    /** The Istio-only settings of {@code spec.service} that a TrafficSplit has no place for. */
    static void ignored(Canary canary, Findings out) {
        String provider = canary.spec().provider();
        if (!isSmi(provider)) {
            return;
        }
        CanaryService service = canary.spec().service();
        List<String> set = new ArrayList<>();
        addIf(set, "match", !service.match().isEmpty());
        addIf(set, "rewrite", service.rewrite() != null);
        addIf(set, "retries", service.retries() != null);
        addIf(set, "headers", service.headers() != null);
        addIf(set, "timeout", !Checks.isBlank(service.timeout()));
        addIf(set, "trafficPolicy", !service.trafficPolicy().isEmpty());
        addIf(set, "corsPolicy", service.corsPolicy() != null);
        addIf(set, "mirror", !service.mirror().isEmpty());
        for (String field : set) {
            out.warning("spec.service." + field, "is ignored by provider " + provider
                    + " (an SMI TrafficSplit only splits by weight)");
        }
    }

    private static void addIf(List<String> fields, String field, boolean set) {
        if (set) {
            fields.add(field);
        }
    }
}
