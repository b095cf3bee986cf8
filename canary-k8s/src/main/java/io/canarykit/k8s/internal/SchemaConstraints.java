package io.canarykit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.canarykit.api.model.AlertProviderSpec;
import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.BaselineComparison;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.ThresholdMode;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.model.WireEnum;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The value validations of the CRDs: Flagger's {@code required} lists, {@code oneOf}s, enums,
 * patterns and bounds, where they agree with {@code canary validate}, plus the bounds of CanaryKit's
 * own rules (weights, thresholds, the extension fields). Applied to the schemas {@link RecordSchema}
 * derives from the records, by field path; a path that no longer exists fails the generation.
 *
 * <p>The rule is that the API server never refuses what {@code canary validate} accepts: every
 * constraint here is implied by an error of the validator. So enums admit {@code ""} where the
 * validator reads an empty string as unset, the duration pattern is Go's syntax (Flagger's
 * {@code ^[0-9]+(m|s)} refuses {@code 1h}, which Flagger itself would run), and the provider enums
 * ({@code spec.provider}, MetricTemplate {@code spec.provider.type}) are left out, since embedders
 * and plugins register providers of their own. A field whose enum admits {@code ""} is nullable, since
 * kube-apiserver v1.20 takes an empty string for null in its type check (a plain string field such as
 * {@code portName: ""} is refused there for that reason, whatever the schema says).
 */
public final class SchemaConstraints {

    /**
     * A Go duration as {@code time.ParseDuration} and {@code GoDuration} read it ({@code 30s},
     * {@code 1m30s}, {@code 1.5h}, {@code 0}), or blank (unset). RE2 and java.util.regex alike.
     */
    public static final String GO_DURATION =
            "^\\s*([-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+))?\\s*$";
    static final List<String> TARGET_KINDS = List.of("DaemonSet", "Deployment", "Service");
    static final List<String> AUTOSCALER_KINDS = List.of("HorizontalPodAutoscaler", "ScaledObject");
    static final List<String> TRAFFIC_DISTRIBUTIONS = List.of("PreferClose", "PreferSameZone", "PreferSameNode");
    static final List<String> SAME_SITE = List.of("Strict", "Lax", "None");
    static final List<String> STRING_MATCH_KINDS = List.of("exact", "prefix", "suffix", "regex");
    static final List<String> STRATEGIES = List.of("iterations", "stepWeight", "stepWeights");
    static final long MAX_GATEWAY_REFS = 32;

    private SchemaConstraints() {
    }

    /** Constrains the schema of a Canary's {@code spec}, in place. */
    public static void canarySpec(JSONSchemaProps spec) {
        minimum(at(spec, "progressDeadlineSeconds"), 1);
        reference(at(spec, "targetRef"), TARGET_KINDS);
        reference(at(spec, "autoscalerRef"), AUTOSCALER_KINDS);
        minimum(at(spec, "autoscalerRef.primaryScalerReplicas.minReplicas"), 1);
        minimum(at(spec, "autoscalerRef.primaryScalerReplicas.maxReplicas"), 1);
        reference(at(spec, "ingressRef"), List.of("Ingress"));
        reference(at(spec, "routeRef"), List.of("ApisixRoute"));
        reference(at(spec, "upstreamRef"), List.of("Upstream"));
        service(at(spec, "service"));
        analysis(at(spec, "analysis"));
        analysis(at(spec, "canaryAnalysis"));
    }

    /** Constrains the schema of a Canary's {@code status}: Flagger's phases, and {@code ""} as Flagger allows. */
    public static void canaryStatus(JSONSchemaProps status) {
        JSONSchemaProps phase = at(status, "phase");
        List<JsonNode> phases = new ArrayList<>();
        phases.add(TextNode.valueOf(""));
        phases.addAll(phase.getEnum());
        phase.setEnum(phases);
        phase.setNullable(true);
    }

    /** Constrains the schema of a MetricTemplate's {@code spec} (the provider type stays open). */
    public static void metricTemplateSpec(JSONSchemaProps spec) {
        spec.setRequired(List.of("provider", "query"));
        at(spec, "provider").setRequired(List.of("type"));
        at(spec, "provider.secretRef").setRequired(List.of("name"));
    }

    /**
     * Constrains the schema of an AlertProvider's {@code spec}. Flagger's {@code oneOf} of address and
     * secretRef becomes an {@code anyOf}: both together are valid (the Secret's address wins).
     */
    public static void alertProviderSpec(JSONSchemaProps spec) {
        spec.setRequired(List.of("type"));
        spec.setAnyOf(List.of(requiring("address"), requiring("secretRef")));
        enumeration(at(spec, "type"), false, AlertProviderSpec.KNOWN_TYPES);
        at(spec, "secretRef").setRequired(List.of("name"));
    }

    private static void reference(JSONSchemaProps reference, List<String> kinds) {
        reference.setRequired(List.of("apiVersion", "kind", "name"));
        enumeration(at(reference, "kind"), false, kinds);
    }

    private static void service(JSONSchemaProps service) {
        service.setRequired(List.of("port"));
        between(at(service, "port"), 1, 65535);
        enumeration(at(service, "trafficDistribution"), true, TRAFFIC_DISTRIBUTIONS);
        at(service, "gatewayRefs").setMaxItems(MAX_GATEWAY_REFS);
        at(service, "gatewayRefs[]").setRequired(List.of("name"));
        matches(at(service, "match[]"));
    }

    private static void analysis(JSONSchemaProps analysis) {
        atMostOneStrategy(analysis);
        pattern(at(analysis, "interval"), GO_DURATION);
        minimum(at(analysis, "threshold"), 1);
        minimum(at(analysis, "iterations"), 1);
        between(at(analysis, "stepWeight"), 1, CanaryAnalysis.TOTAL_WEIGHT);
        between(at(analysis, "maxWeight"), 1, CanaryAnalysis.TOTAL_WEIGHT);
        between(at(analysis, "stepWeightPromotion"), 1, CanaryAnalysis.TOTAL_WEIGHT);
        between(at(analysis, "mirrorWeight"), 0, CanaryAnalysis.TOTAL_WEIGHT);
        // Above 100 only warns: Flagger caps the last step at 100.
        minimum(at(analysis, "stepWeights[]"), 1);
        between(at(analysis, "primaryReadyThreshold"), 0, 100);
        between(at(analysis, "canaryReadyThreshold"), 0, 100);
        enumeration(at(analysis, "thresholdMode"), true, WireEnum.wireNames(ThresholdMode.class));
        matches(at(analysis, "match[]"));
        metrics(at(analysis, "metrics[]"));

        JSONSchemaProps alert = at(analysis, "alerts[]");
        alert.setRequired(List.of("name", "providerRef"));
        enumeration(at(alert, "severity"), true, WireEnum.wireNames(AlertSeverity.class));
        at(alert, "providerRef").setRequired(List.of("name"));

        JSONSchemaProps webhook = at(analysis, "webhooks[]");
        webhook.setRequired(List.of("name", "url"));
        enumeration(at(webhook, "type"), true, WireEnum.wireNames(WebhookType.class));
        pattern(at(webhook, "timeout"), GO_DURATION);
        minimum(at(webhook, "retries"), 0);

        JSONSchemaProps affinity = at(analysis, "sessionAffinity");
        affinity.setRequired(List.of("cookieName"));
        enumeration(at(affinity, "sameSite"), true, SAME_SITE);
        minimum(at(affinity, "maxAge"), 0);
    }

    private static void metrics(JSONSchemaProps metric) {
        metric.setRequired(List.of("name"));
        pattern(at(metric, "interval"), GO_DURATION);
        at(metric, "templateRef").setRequired(List.of("name"));
        enumeration(at(metric, "baseline.direction"), true,
                List.of(BaselineComparison.LOWER_IS_BETTER, BaselineComparison.HIGHER_IS_BETTER));
        minimum(at(metric, "baseline.relativeTolerance"), 0);
        minimum(at(metric, "baseline.absoluteTolerance"), 0);
        at(metric, "minSamples").setRequired(List.of("query", "count"));
        minimum(at(metric, "minSamples.count"), 1);
        minimum(at(metric, "minSamples.maxInsufficientChecks"), 1);
        // Which counts a sequential test needs depends on its method (SPRT: requests, errors and the allowed rate;
        // always-valid: the allowed rate, the primary's counts or both; latency: buckets): the validator says which.
        at(metric, "sequential").setRequired(List.of());
        enumeration(at(metric, "sequential.method"), true, List.of("sprt", "always-valid"));
        between(at(metric, "sequential.absoluteTolerance"), 0, 100);
        at(metric, "sequential.absoluteTolerance").setExclusiveMaximum(true);
        minimum(at(metric, "sequential.relativeTolerance"), 0);
        at(metric, "sequential.latency").setRequired(List.of("buckets", "bound"));
        exclusive(at(metric, "sequential.latency.allowedSlowPercent"), 0, 100);
        exclusive(at(metric, "sequential.acceptableErrorRate"), 0, 100);
        exclusive(at(metric, "sequential.failingErrorRate"), 0, 100);
        exclusive(at(metric, "sequential.alpha"), 0, 0.5);
        exclusive(at(metric, "sequential.power"), 0.5, 1);
        pattern(at(metric, "sequential.cadence"), GO_DURATION);
    }

    /** Every string match of an Istio-shaped request match sets exactly one kind. */
    private static void matches(JSONSchemaProps match) {
        Stream.of("uri", "scheme", "method", "authority").forEach(f -> exactlyOneKind(at(match, f)));
        Stream.of("headers{}", "queryParams{}", "withoutHeaders{}").forEach(f -> exactlyOneKind(at(match, f)));
    }

    private static void exactlyOneKind(JSONSchemaProps stringMatch) {
        stringMatch.setOneOf(STRING_MATCH_KINDS.stream().map(SchemaConstraints::requiring).toList());
    }

    /**
     * Flagger's {@code oneOf} of iterations, stepWeight and stepWeights, as "at most one": none is
     * valid with {@code skipAnalysis} or the kubernetes provider, which a schema cannot see from here.
     * An empty {@code stepWeights} counts as unset, as the validator counts it.
     */
    private static void atMostOneStrategy(JSONSchemaProps analysis) {
        List<JSONSchemaProps> pairs = new ArrayList<>();
        for (int i = 0; i < STRATEGIES.size(); i++) {
            for (int j = i + 1; j < STRATEGIES.size(); j++) {
                JSONSchemaPropsBuilder pair = new JSONSchemaPropsBuilder().withRequired(STRATEGIES.get(i), STRATEGIES.get(j));
                if (STRATEGIES.get(j).equals("stepWeights")) {
                    pair.addToProperties("stepWeights", new JSONSchemaPropsBuilder().withMinItems(1L).build());
                }
                pairs.add(pair.build());
            }
        }
        analysis.setNot(new JSONSchemaPropsBuilder().withAnyOf(pairs).build());
    }

    private static JSONSchemaProps requiring(String field) {
        return new JSONSchemaPropsBuilder().withRequired(field).build();
    }

    private static void enumeration(JSONSchemaProps schema, boolean emptyMeansUnset, List<String> values) {
        List<JsonNode> allowed = new ArrayList<>();
        if (emptyMeansUnset) {
            allowed.add(TextNode.valueOf(""));
            // kube-apiserver up to 1.2x (go-openapi's type check) reads "" as null: nullable lets it reach the enum.
            schema.setNullable(true);
        }
        values.forEach(v -> allowed.add(TextNode.valueOf(v)));
        schema.setEnum(allowed);
    }

    private static void pattern(JSONSchemaProps schema, String pattern) {
        schema.setPattern(pattern);
    }

    private static void minimum(JSONSchemaProps schema, double minimum) {
        schema.setMinimum(minimum);
    }

    private static void between(JSONSchemaProps schema, double minimum, double maximum) {
        schema.setMinimum(minimum);
        schema.setMaximum(maximum);
    }

    private static void exclusive(JSONSchemaProps schema, double minimum, double maximum) {
        between(schema, minimum, maximum);
        schema.setExclusiveMinimum(true);
        schema.setExclusiveMaximum(true);
    }

    /**
     * The schema at {@code path} below {@code schema}: dotted property names, {@code []} for a list's
     * items, {@code {}} for a map's values.
     */
    static JSONSchemaProps at(JSONSchemaProps schema, String path) {
        JSONSchemaProps node = schema;
        for (String part : path.split("\\.")) {
            String name = part.replace("[]", "").replace("{}", "");
            node = child(node, name, path);
            if (part.endsWith("[]")) {
                node = node.getItems() == null ? null : node.getItems().getSchema();
            } else if (part.endsWith("{}")) {
                node = node.getAdditionalProperties() == null ? null : node.getAdditionalProperties().getSchema();
            }
            if (node == null) {
                throw new IllegalStateException("no schema at " + path);
            }
        }
        return node;
    }

    private static JSONSchemaProps child(JSONSchemaProps node, String name, String path) {
        JSONSchemaProps child = node.getProperties() == null ? null : node.getProperties().get(name);
        if (child == null) {
            throw new IllegalStateException("no property " + name + " in the schema, on the way to " + path);
        }
        return child;
    }
}
