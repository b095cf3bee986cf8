package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import java.util.List;
import java.util.Objects;

/**
 * Validates a Canary against Flagger's CRD schema and CanaryKit's sanity rules, returning every
 * violation rather than stopping at the first.
 */
public final class CanaryValidator {

    private static final List<ValidationRule<Canary>> RULES = List.of(
            ValidationRule.of("metadata-name", SpecRules::metadataName),
            ValidationRule.of("target-ref", SpecRules::targetRef),
            ValidationRule.of("knative-target", SpecRules::knativeTarget),
            ValidationRule.of("references", ReferenceRules::references),
            ValidationRule.of("service-port", SpecRules::servicePort),
            ValidationRule.of("service-traffic-distribution", SpecRules::trafficDistribution),
            ValidationRule.of("service-gateway-refs", SpecRules::gatewayRefs),
            ValidationRule.of("service-match", SpecRules::serviceMatch),
            ValidationRule.of("gateway-api-expressible", GatewayApiRules::matchKinds),
            ValidationRule.of("gateway-api-timeouts", HttpRouteRules::timeouts),
            ValidationRule.of("gateway-api-hostnames", HttpRouteRules::hostnames),
            ValidationRule.of("gateway-api-parent-refs", HttpRouteRules::gatewayRefs),
            ValidationRule.of("gateway-api-paths", HttpRouteRules::paths),
            ValidationRule.of("gateway-api-mirrors", HttpRouteRules::mirrors),
            ValidationRule.of("gateway-api-cors", HttpRouteRules::cors),
            ValidationRule.of("nginx-expressible", NginxRules::ingress),
            ValidationRule.of("istio-virtual-service", IstioRules::virtualService),
            ValidationRule.of("istio-traffic-policy", IstioRules::trafficPolicy),
            ValidationRule.of("istio-ignored", IstioRules::ignored),
            ValidationRule.of("smi-expressible", SmiRules::split),
            ValidationRule.of("smi-ignored", SmiRules::ignored),
            ValidationRule.of("knative-expressible", KnativeRules::traffic),
            ValidationRule.of("progress-deadline", SpecRules::progressDeadline),
            ValidationRule.of("analysis-present", AnalysisRules::present),
            ValidationRule.of("analysis-strategy", AnalysisRules::strategy),
            ValidationRule.of("analysis-interval", AnalysisRules.of(AnalysisRules::interval)),
            ValidationRule.of("analysis-threshold", AnalysisRules.of(AnalysisRules::threshold)),
            ValidationRule.of("analysis-threshold-mode", AnalysisRules.of(AnalysisRules::thresholdMode)),
            ValidationRule.of("analysis-iterations", AnalysisRules.of(AnalysisRules::iterations)),
            ValidationRule.of("analysis-weight-ranges", AnalysisRules.of(AnalysisRules::weightRanges)),
            ValidationRule.of("analysis-step-weights", AnalysisRules.of(AnalysisRules::stepWeights)),
            ValidationRule.of("analysis-weight-reachability", AnalysisRules.of(AnalysisRules::weightReachability)),
            ValidationRule.of("analysis-ready-thresholds", AnalysisRules.of(AnalysisRules::readyThresholds)),
            ValidationRule.of("analysis-match", AnalysisRules.of(AnalysisRules::match)),
            ValidationRule.of("metric-names", AnalysisRules.of(CheckRules::metricNames)),
            ValidationRule.of("metric-source", AnalysisRules.of(CheckRules::metricSource)),
            ValidationRule.of("metric-interval", AnalysisRules.of(CheckRules::metricInterval)),
            ValidationRule.of("metric-threshold-range", AnalysisRules.of(CheckRules::metricThresholdRange)),
            ValidationRule.of("metric-threshold-present", AnalysisRules.of(CheckRules::metricThresholdPresent)),
            ValidationRule.of("metric-baseline", AnalysisRules.of(ExtensionRules::baseline)),
            ValidationRule.of("metric-min-samples", AnalysisRules.of(ExtensionRules::minSamples)),
            ValidationRule.of("metric-sequential", AnalysisRules.of(ExtensionRules::sequential)),
            ValidationRule.of("webhooks", AnalysisRules.of(CheckRules::webhooks)),
            ValidationRule.of("webhook-addresses", AnalysisRules.of(AddressRules::webhooks)),
            ValidationRule.of("alerts", AnalysisRules.of(CheckRules::alerts)),
            ValidationRule.of("session-affinity", AnalysisRules.of(CheckRules::sessionAffinity)));

    private CanaryValidator() {
    }

    /** Every violation of {@code canary}, errors and warnings, in rule order. */
    public static List<Violation> validate(Canary canary) {
        return validate(canary, BuildCapabilities.UNKNOWN);
    }

    /** Every violation, with a warning when {@code build} has no router for the canary's provider. */
    public static List<Violation> validate(Canary canary, BuildCapabilities build) {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(build, "build");
        Findings findings = new Findings();
        RULES.forEach(rule -> rule.check(canary, findings));
        SpecRules.routerAvailable(canary, build, findings);
        return findings.list();
    }

    /** The rules, in the order they run. */
    public static List<ValidationRule<Canary>> rules() {
        return RULES;
    }
}
