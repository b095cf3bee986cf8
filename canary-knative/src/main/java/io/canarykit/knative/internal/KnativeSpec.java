package io.canarykit.knative.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.spi.Routes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Knative Service can express: a split by percent between two revisions, nothing more.
 * Everything else a Canary may ask for is refused with its field path, rather than ignored as
 * Flagger does.
 */
public final class KnativeSpec {

    public static final String API_VERSION = "serving.knative.dev/v1";
    public static final String KIND = "Service";

    private KnativeSpec() {
    }

    /** Throws {@link InvalidCanarySpecException} listing every field Knative cannot carry out. */
    public static void requireExpressible(Canary canary) {
        List<String> problems = new ArrayList<>();
        LocalObjectReference target = canary.spec().targetRef();
        if (!KIND.equals(target.kind()) || !API_VERSION.equals(target.apiVersion())) {
            problems.add("spec.targetRef: provider knative needs a Knative Service (apiVersion " + API_VERSION + ", kind " + KIND
                    + "), got " + target.apiVersion() + " " + target.kind());
        }
        if (canary.spec().autoscalerRef() != null) {
            problems.add("spec.autoscalerRef: a Knative Service scales its revisions itself; an autoscaler cannot be used with it");
        }
        CanaryAnalysis analysis = canary.analysis();
        if (!analysis.match().isEmpty()) {
            problems.add("spec.analysis.match: A/B testing is not supported by provider knative: a Knative Service splits "
                    + "traffic by percent only, not by header or cookie");
        }
        if (analysis.isMirror()) {
            problems.add("spec.analysis.mirror: traffic mirroring is not supported by provider knative");
        }
        if (analysis.sessionAffinity() != null) {
            problems.add("spec.analysis.sessionAffinity: session affinity is not supported by provider knative");
        }
        if (!problems.isEmpty()) {
            throw new InvalidCanarySpecException("canary " + canary.name() + "." + canary.namespace() + ": " + String.join("; ", problems),
                    problems);
        }
    }

    /** Flagger's {@code ""}/Initializing: the phases in which the latest revision is made the primary. */
    public static boolean isInitializing(Canary canary) {
        CanaryPhase phase = canary.status().phase();
        return phase == null || phase == CanaryPhase.INITIALIZING;
    }

    /** The split the status says is in force while a run shifts traffic; all-primary otherwise. */
    public static Routes splitOfStatus(Canary canary) {
        CanaryPhase phase = canary.status().phase();
        boolean running = phase == CanaryPhase.PROGRESSING || phase == CanaryPhase.WAITING_PROMOTION || phase == CanaryPhase.PROMOTING;
        int weight = canary.status().canaryWeight();
        return running && weight > 0 && weight <= 100 ? Routes.canaryWeight(weight)
                : Routes.PRIMARY_ONLY;
    }
}
