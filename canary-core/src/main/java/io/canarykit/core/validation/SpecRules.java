package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.StringMatch;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules on a Canary's metadata and on the parts of {@code spec} outside the analysis. */
final class SpecRules {

    /** Flagger's CRD enum for {@code spec.provider}, plus CanaryKit's bare {@code gatewayapi} (= v1). */
    static final List<String> PROVIDERS = List.of("apisix", "appmesh", "appmesh:v1beta2", "contour", "gatewayapi",
            "gatewayapi:v1", "gatewayapi:v1beta1", "gloo", "istio", "knative", "kubernetes", "kuma", "linkerd",
            "nginx", "osm", "skipper", "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3", "traefik");
    static final String KNATIVE = "knative";
    static final String KNATIVE_API_VERSION = "serving.knative.dev/v1";
    static final Set<String> GATEWAY_API_PROVIDERS = Set.of("gatewayapi", "gatewayapi:v1", "gatewayapi:v1beta1");
    static final List<String> TARGET_KINDS = List.of("DaemonSet", "Deployment", "Service");
    static final List<String> TRAFFIC_DISTRIBUTIONS = List.of("PreferClose", "PreferSameZone", "PreferSameNode");
    /** The CRD's {@code maxItems} for {@code service.gatewayRefs}. */
    static final int MAX_GATEWAY_REFS = 32;

    private SpecRules() {
    }

    static void metadataName(Canary canary, Findings out) {
        Checks.required(out, "metadata.name", canary.metadata().name());
    }

    static void targetRef(Canary canary, Findings out) {
        LocalObjectReference target = canary.spec().targetRef();
        Checks.required(out, "spec.targetRef.apiVersion", target.apiVersion());
        Checks.required(out, "spec.targetRef.kind", target.kind());
        Checks.required(out, "spec.targetRef.name", target.name());
        Checks.oneOf(out, "spec.targetRef.kind", target.kind(), TARGET_KINDS);
    }

    /**
     * Flagger's verifyKnativeCanary: a Knative Service target ({@code serving.knative.dev/v1}
     * {@code Service}) goes with {@code provider: knative} and nothing else does; a Knative Service
     * scales itself, so it takes no autoscaler. As in Flagger, the Canary's own {@code spec.provider}
     * is compared, not the controller's default.
     */
    static void knativeTarget(Canary canary, Findings out) {
        LocalObjectReference target = canary.spec().targetRef();
        boolean knativeTarget = "Service".equals(target.kind()) && KNATIVE_API_VERSION.equals(target.apiVersion());
        String provider = canary.spec().provider();
        boolean knativeProvider = KNATIVE.equals(provider);
        if (knativeTarget && !knativeProvider) {
            out.error("spec.provider", "can't use " + Checks.quote(provider == null ? "" : provider)
                    + " provider with a Knative Service as target: set provider: knative");
        } else if (knativeProvider && !knativeTarget) {
            out.error("spec.targetRef", "can't use " + target.apiVersion() + "/" + target.kind()
                    + " as target if provider is set to knative: the target must be a " + KNATIVE_API_VERSION + " Service");
        }
        if (knativeTarget && canary.spec().autoscalerRef() != null) {
            out.error("spec.autoscalerRef", "can't use an autoscaler with a Knative Service");
        }
    }

    /**
     * A provider must be one of Flagger's (its CRD's enum) or one the build registers (an embedding
     * application's own router); one of Flagger's that this build has no router for is a warning,
     * since a plugin may register it at run time.
     */
    static void routerAvailable(Canary canary, BuildCapabilities build, Findings out) {
        String provider = canary.spec().provider();
        if (Checks.isBlank(provider) || build.trafficRouters().contains(provider)) {
            return;
        }
        if (!PROVIDERS.contains(provider)) {
            Checks.oneOf(out, "spec.provider", provider, PROVIDERS);
            return;
        }
        if (!build.known()) {
            return;
        }
        out.warning("spec.provider", "no traffic router for provider " + Checks.quote(provider) + " in this build ("
                + String.join(", ", build.trafficRouters().stream().sorted().toList()) + "); it must be registered at run time");
    }

    static void servicePort(Canary canary, Findings out) {
        Integer port = canary.spec().service().port();
        if (port == null && KNATIVE.equals(canary.spec().provider())) {
            // Knative canaries need no port, as in Flagger: Knative routes to its revisions itself.
            return;
        }
        if (port == null && IstioRules.destinationsNamePort(canary)) {
            out.error("spec.service.port", Checks.REQUIRED + ": the destinations name the port (portDiscovery behind a "
                    + "gateway or in a delegate VirtualService)");
        } else if (port == null) {
            out.error("spec.service.port", Checks.REQUIRED);
        } else {
            Checks.between(out, "spec.service.port", port, 1, 65535);
        }
    }

    static void trafficDistribution(Canary canary, Findings out) {
        Checks.oneOf(out, "spec.service.trafficDistribution", canary.spec().service().trafficDistribution(),
                TRAFFIC_DISTRIBUTIONS);
    }

    static void gatewayRefs(Canary canary, Findings out) {
        CanaryService service = canary.spec().service();
        int count = service.gatewayRefs().size();
        if (count > MAX_GATEWAY_REFS) {
            out.error("spec.service.gatewayRefs", "must have at most " + MAX_GATEWAY_REFS + " entries, got " + count);
        }
        String provider = canary.spec().provider();
        if (provider != null && GATEWAY_API_PROVIDERS.contains(provider) && count == 0) {
            out.error("spec.service.gatewayRefs", "is required for provider " + provider);
        }
        for (int i = 0; i < count; i++) {
            Checks.required(out, "spec.service.gatewayRefs[" + i + "].name", service.gatewayRefs().get(i).name());
        }
    }

    static void progressDeadline(Canary canary, Findings out) {
        Integer seconds = canary.spec().progressDeadlineSeconds();
        if (seconds != null && seconds <= 0) {
            out.error("spec.progressDeadlineSeconds", "must be greater than 0, got " + seconds);
        }
    }

    static void serviceMatch(Canary canary, Findings out) {
        matches(out, "spec.service.match", canary.spec().service().match());
    }

    /** Every string match of a list of Istio-shaped request matches sets exactly one kind. */
    static void matches(Findings out, String path, List<HttpMatchRequest> matches) {
        for (int i = 0; i < matches.size(); i++) {
            HttpMatchRequest m = matches.get(i);
            String at = path + "[" + i + "]";
            Checks.stringMatch(out, at + ".uri", m.uri());
            Checks.stringMatch(out, at + ".scheme", m.scheme());
            Checks.stringMatch(out, at + ".method", m.method());
            Checks.stringMatch(out, at + ".authority", m.authority());
            matchMap(out, at + ".headers", m.headers());
            matchMap(out, at + ".queryParams", m.queryParams());
            matchMap(out, at + ".withoutHeaders", m.withoutHeaders());
        }
    }

    private static void matchMap(Findings out, String path, Map<String, StringMatch> matches) {
        matches.forEach((key, match) -> Checks.stringMatch(out, path + "." + key, match));
    }
}
