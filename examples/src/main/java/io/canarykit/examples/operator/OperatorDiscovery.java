package io.canarykit.examples.operator;

import io.canarykit.gatewayapi.GatewayApiOperator;
import io.canarykit.gatewayapi.GatewayApiVersion;
import io.canarykit.istio.IstioOperator;
import io.canarykit.knative.KnativeOperator;
import io.canarykit.linkerd.SmiOperator;
import io.canarykit.linkerd.SmiVersion;
import io.canarykit.nginx.NginxOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the API server serves, as the {@code auto} router settings ask it (API discovery): each
 * question is asked only when a setting needs its answer.
 *
 * @param gatewayApi the HTTPRoute versions served
 * @param ingress    whether {@code networking.k8s.io/v1} Ingresses are served (ingress-nginx)
 * @param istio      whether Istio's VirtualServices and DestinationRules are served
 * @param smi        the SMI TrafficSplit versions served (Linkerd's SMI extension, OSM, ...)
 * @param knative    whether Knative Serving's Services are served
 */
record OperatorDiscovery(Supplier<Set<GatewayApiVersion>> gatewayApi, BooleanSupplier ingress, BooleanSupplier istio,
        Supplier<Set<SmiVersion>> smi, BooleanSupplier knative) {

    /** Nothing served beyond the core APIs. */
    static final OperatorDiscovery NONE = new OperatorDiscovery(Set::of, () -> false, () -> false, Set::of, () -> false);

    OperatorDiscovery {
        Objects.requireNonNull(gatewayApi, "gatewayApi");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(istio, "istio");
        Objects.requireNonNull(smi, "smi");
        Objects.requireNonNull(knative, "knative");
    }

    /** Asks {@code client}'s API server. */
    static OperatorDiscovery of(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        return new OperatorDiscovery(() -> GatewayApiOperator.servedVersions(client), () -> NginxOperator.served(client),
                () -> IstioOperator.served(client), () -> SmiOperator.servedVersions(client), () -> KnativeOperator.served(client));
    }
}
