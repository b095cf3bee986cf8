package io.canarykit.k8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Starts one more informer for a kind the operator does not know (an HTTPRoute for the Gateway API
 * router, ...). The operator calls it once per watched namespace ({@code ""} when it watches the
 * whole cluster), waits for it to sync before reporting ready, hands it to the
 * {@link RouterFactory}s through {@link OperatorContext#informers} and stops it on close.
 */
@FunctionalInterface
public interface ExtraInformer {

    /** A started informer over {@code namespace}, or over every namespace when it is empty. */
    SharedIndexInformer<?> inform(KubernetesClient client, String namespace);
}
