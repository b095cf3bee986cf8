package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CustomMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Labels and annotations of the routing objects a router writes (an HTTPRoute, a VirtualService,
 * DestinationRules): {@code service.apex}'s plus the GitOps toolkit annotations. Keys set by others
 * (a gateway controller, kubectl, a policy engine) are kept, because the objects are shared with them.
 */
public final class RoutingMetadata {

    /** Tell GitOps tools not to undo what the router writes (Flagger's router/util.go). */
    public static final Map<String, String> TOOLKIT_ANNOTATIONS = Map.of(
            "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
            "helm.toolkit.fluxcd.io/driftDetection", "disabled");

    private RoutingMetadata() {
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
