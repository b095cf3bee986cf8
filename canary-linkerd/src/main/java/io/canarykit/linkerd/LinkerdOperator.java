package io.canarykit.linkerd;

import io.canarykit.k8s.operator.CanaryOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Adds the Linkerd router ({@code provider: linkerd}) to a {@link CanaryOperator}: Flagger's SMI
 * router on {@code split.smi-spec.io/v1alpha1} TrafficSplits, which Linkerd 2.12 and later reads
 * through its SMI extension ({@code linkerd smi install}).
 *
 * <pre>{@code
 * CanaryOperator operator = LinkerdOperator.install(CanaryOperator.builder(client)).build();
 * }</pre>
 *
 * The operator needs {@code get, list, watch, create, update, patch, delete} on
 * {@code split.smi-spec.io} {@code trafficsplits}. For Linkerd's Gateway API mode (an HTTPRoute
 * whose parent is the apex Service, {@code provider: gatewayapi:v1beta1} or {@code gatewayapi}),
 * install canary-gatewayapi's {@code GatewayApiOperator} instead.
 */
public final class LinkerdOperator {

    private LinkerdOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        return SmiOperator.install(builder, List.of(SmiProvider.LINKERD));
    }

    /** Whether the API server serves TrafficSplits in {@code split.smi-spec.io/v1alpha1} (the SMI extension is installed). */
    public static boolean served(KubernetesClient client) {
        return SmiVersion.V1ALPHA1.isServed(client);
    }
}
