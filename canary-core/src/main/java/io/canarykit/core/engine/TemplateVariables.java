package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.LocalObjectReference;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The variables a metric query may use, as Flagger defines them: {@code name}, {@code namespace},
 * {@code target}, {@code service}, {@code ingress}, {@code route}, {@code interval} and
 * {@code variables.<key>}.
 */
public record TemplateVariables(
        String name, String namespace, String target, String service, String ingress, String route, String interval,
        Map<String, String> variables) {

    public TemplateVariables {
        variables = Map.copyOf(variables);
    }

    /** The variables of {@code metric} of {@code canary}; {@code target} may be overridden (baseline queries). */
    public static TemplateVariables of(Canary canary, CanaryMetric metric) {
        var spec = canary.spec();
        String target = spec.targetRef().name();
        String analysisInterval = canary.analysis().interval() == null ? "" : canary.analysis().interval();
        return new TemplateVariables(canary.name(), canary.namespace(), target, spec.serviceName(),
                refOr(spec.ingressRef(), target), refOr(spec.routeRef(), target), metric.intervalOr(analysisInterval),
                metric.templateVariables());
    }

    private static String refOr(@Nullable LocalObjectReference ref, String fallback) {
        return ref == null || ref.name().isEmpty() ? fallback : ref.name();
    }
}
