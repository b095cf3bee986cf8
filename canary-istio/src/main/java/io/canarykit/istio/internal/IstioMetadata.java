package io.canarykit.istio.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CustomMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Labels, annotations and the owner of the Istio objects. The VirtualService carries
 * {@code service.apex}'s labels and annotations plus the GitOps opt-outs; keys set by others
 * (kubectl, a policy engine, another controller) are kept, because the object is shared with them.
 */
public final class IstioMetadata {

    /** Flagger's copy of a taken-over VirtualService's spec, restored on revert. */
    public static final String ORIGINAL_CONFIGURATION = "flagger.kubernetes.io/original-configuration";
    /** kubectl's copy of what was applied: when present, revert restores its spec instead. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Tell GitOps tools not to undo what the router writes (Flagger's router/util.go). */
    public static final Map<String, String> TOOLKIT_ANNOTATIONS = Map.of(
            "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
            "helm.toolkit.fluxcd.io/driftDetection", "disabled");

    private IstioMetadata() {
    }

    public static Map<String, String> labels(Canary canary) {
        return new LinkedHashMap<>(canary.spec().service().apexOrEmpty().labels());
    }

    public static Map<String, String> annotations(Canary canary) {
        CustomMetadata apex = canary.spec().service().apexOrEmpty();
        Map<String, String> annotations = new LinkedHashMap<>(apex.annotations());
        annotations.putAll(TOOLKIT_ANNOTATIONS);
        return annotations;
    }

    /** Whether {@code live} already carries every label and annotation the canary wants. */
    public static boolean isCurrent(ObjectMeta live, Canary canary) {
        return containsAll(live.getLabels(), labels(canary)) && containsAll(live.getAnnotations(), annotations(canary));
    }

    /** Applies the wanted labels and annotations over {@code live}'s, keeping foreign keys. */
    public static void apply(ObjectMeta live, Canary canary) {
        live.setLabels(merged(live.getLabels(), labels(canary)));
        live.setAnnotations(merged(live.getAnnotations(), annotations(canary)));
    }

    private static boolean containsAll(@Nullable Map<String, String> live, Map<String, String> wanted) {
        Map<String, String> have = live == null ? Map.of() : live;
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(have.get(e.getKey())));
    }

    private static Map<String, String> merged(@Nullable Map<String, String> live, Map<String, String> wanted) {
        Map<String, String> merged = new LinkedHashMap<>(live == null ? Map.of() : live);
        merged.putAll(wanted);
        return merged;
    }
}
