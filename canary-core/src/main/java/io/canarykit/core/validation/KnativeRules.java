package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;

/**
 * What a Knative Service cannot express, for {@code provider: knative}, with the paths and reasons
 * of canary-knative's {@code KnativeSpec}: a split by percent between two revisions, nothing more.
 * The target and autoscaler are {@link SpecRules#knativeTarget}'s.
 */
final class KnativeRules {

    private KnativeRules() {
    }

    static void traffic(Canary canary, Findings out) {
        if (!SpecRules.KNATIVE.equals(canary.spec().provider())) {
            return;
        }
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String path = CanaryPaths.analysisPath(canary);
        if (!analysis.match().isEmpty()) {
            out.error(path + ".match", "A/B testing is not supported by provider knative: a Knative Service splits "
                    + "traffic by percent only, not by header or cookie");
        }
        if (analysis.isMirror()) {
            out.error(path + ".mirror", "traffic mirroring is not supported by provider knative");
        }
        if (analysis.sessionAffinity() != null) {
            out.error(path + ".sessionAffinity", "session affinity is not supported by provider knative");
        }
    }
}
