package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.LocalObjectReference;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The variables a metric query may use, as Flagger defines them: {@code name}, {@code namespace},
 * {@code target}, {@code service}, {@code ingress}, {@code route}, {@code interval} and
 * {@code variables.<key>}; plus CanaryKit's {@code elapsed}, the time since the analysis started
 * (for cumulative counts such as {@code increase(x[{{ elapsed }}])}).
 */
public record TemplateVariables(
        String name, String namespace, String target, String service, String ingress, String route, String interval,
        Map<String, String> variables, String elapsed) {

    public TemplateVariables {
        variables = Map.copyOf(variables);
    }

    /** The variables of {@code metric} of {@code canary}; {@code target} may be overridden (baseline queries). */
    public static TemplateVariables of(Canary canary, CanaryMetric metric) {
        var spec = canary.spec();
        String target = spec.targetRef().name();
        String analysisInterval = canary.analysis().interval() == null ? "" : canary.analysis().interval();
        String interval = metric.intervalOr(analysisInterval);
        return new TemplateVariables(canary.name(), canary.namespace(), target, spec.serviceName(),
                refOr(spec.ingressRef(), target), refOr(spec.routeRef(), target), interval, metric.templateVariables(), interval);
    }

    /** The same variables with non-word characters of namespace, ingress and service as {@code _} (Skipper's route names). */
    public TemplateVariables wordCharactersOnly() {
        return new TemplateVariables(name, words(namespace), target, words(service), words(ingress), route, interval, variables, elapsed);
    }

    private static String words(String value) {
        return value.replaceAll("\\W", "_");
    }

    /** The same variables with {@code route} as the target controller names it (a Knative revision). */
    public TemplateVariables withRoute(String otherRoute) {
        return new TemplateVariables(name, namespace, target, service, ingress, otherRoute, interval, variables, elapsed);
    }

    /** The same variables for another workload: the primary, for baseline queries. */
    public TemplateVariables withTarget(String otherTarget) {
        return new TemplateVariables(name, namespace, otherTarget, service, ingress, route, interval, variables, elapsed);
    }

    /** The same variables with {@code elapsed} set to {@code since} (whole seconds, at least 1s). */
    public TemplateVariables withElapsed(java.time.Duration since) {
        return new TemplateVariables(name, namespace, target, service, ingress, route, interval, variables, elapsedText(since));
    }

    /** {@code {{ elapsed }}} for {@code since}: whole seconds, at least 1s, as a Go duration. */
    static String elapsedText(java.time.Duration since) {
        long seconds = Math.max(1, since.toSeconds());
        return io.canarykit.api.model.GoDuration.format(java.time.Duration.ofSeconds(seconds));
    }

    private static String refOr(@Nullable LocalObjectReference ref, String fallback) {
        return ref == null || ref.name().isEmpty() ? fallback : ref.name();
    }
}
