package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code spec.provider} the demo's Canary runs with. */
enum DemoProvider {

    /** Flagger's NopRouter: Services only, the analysis runs as blue/green iterations. */
    KUBERNETES("kubernetes"),
    /** Gateway API v1: weights on an HTTPRoute. */
    GATEWAYAPI("gatewayapi"),
    /** ingress-nginx: canary-weight on a canary copy of the user's Ingress. */
    NGINX("nginx"),
    /** Istio: weights on a VirtualService's route, DestinationRules for primary and canary. */
    ISTIO("istio"),
    /** Linkerd: backend weights on an SMI TrafficSplit. */
    LINKERD("linkerd"),
    /** Knative: a Knative Service's traffic block, by revision. */
    KNATIVE("knative");

    private final String id;

    DemoProvider(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Whether the router shifts weights on an object the demo reads back (an HTTPRoute, a canary Ingress). */
    boolean shiftsWeights() {
        return this != KUBERNETES;
    }

    /** A fresh wiring of this provider into the demo, for a run of {@code reference}. */
    DemoRouting routing(Canary reference) {
        return switch (this) {
            case KUBERNETES -> new KubernetesDemoRouting();
            case GATEWAYAPI -> new GatewayApiDemoRouting();
            case NGINX -> new NginxDemoRouting(reference);
            case ISTIO -> new IstioDemoRouting();
            case LINKERD -> new LinkerdDemoRouting();
            case KNATIVE -> new KnativeDemoRouting();
        };
    }

    /** Every provider's id, in declaration order. */
    static List<String> ids() {
        return Arrays.stream(values()).map(DemoProvider::id).toList();
    }

    static Optional<DemoProvider> parse(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }
}
