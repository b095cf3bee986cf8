package io.canarykit.core.validation;

import io.canarykit.api.model.AutoscalerRef;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.LocalObjectReference;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Flagger's CRD rules on the optional references of a Canary ({@code autoscalerRef},
 * {@code ingressRef}, {@code routeRef}, {@code upstreamRef}): when set, apiVersion, kind and name are
 * required and the kind is the one Flagger knows for it.
 */
final class ReferenceRules {

    static final List<String> AUTOSCALER_KINDS = List.of("HorizontalPodAutoscaler", "ScaledObject");

    private ReferenceRules() {
    }

    static void references(Canary canary, Findings out) {
        CanarySpec spec = canary.spec();
        AutoscalerRef autoscaler = spec.autoscalerRef();
        if (autoscaler != null) {
            reference(out, "spec.autoscalerRef", autoscaler.apiVersion(), autoscaler.kind(), autoscaler.name(), AUTOSCALER_KINDS);
            AutoscalerRef.ScalerReplicas replicas = autoscaler.primaryScalerReplicas();
            if (replicas != null) {
                Checks.atLeast(out, "spec.autoscalerRef.primaryScalerReplicas.minReplicas", replicas.minReplicas(), 1);
                Checks.atLeast(out, "spec.autoscalerRef.primaryScalerReplicas.maxReplicas", replicas.maxReplicas(), 1);
            }
        }
        local(out, "spec.ingressRef", spec.ingressRef(), List.of("Ingress"));
        local(out, "spec.routeRef", spec.routeRef(), List.of("ApisixRoute"));
        CrossNamespaceObjectReference upstream = spec.upstreamRef();
        if (upstream != null) {
            reference(out, "spec.upstreamRef", upstream.apiVersion(), upstream.kind(), upstream.name(), List.of("Upstream"));
        }
    }

    private static void local(Findings out, String path, @Nullable LocalObjectReference ref, List<String> kinds) {
        if (ref != null) {
            reference(out, path, ref.apiVersion(), ref.kind(), ref.name(), kinds);
        }
    }

    private static void reference(Findings out, String path, @Nullable String apiVersion, @Nullable String kind, String name,
            List<String> kinds) {
        Checks.required(out, path + ".apiVersion", apiVersion);
        Checks.required(out, path + ".kind", kind);
        Checks.required(out, path + ".name", name);
        Checks.oneOf(out, path + ".kind", kind, kinds);
    }
}
