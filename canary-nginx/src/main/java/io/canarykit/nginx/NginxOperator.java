package io.canarykit.nginx;

import io.canarykit.nginx.internal.CanaryAnnotations;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Adds the nginx router to a {@link CanaryOperator}: an Ingress informer per watched namespace (so
 * a steady weight step issues no GET, and a hand-edited canary Ingress is repaired at once) and the
 * router for {@code provider: nginx}.
 *
 * <pre>{@code
 * CanaryOperator operator = NginxOperator.install(CanaryOperator.builder(client)).build();
 * }</pre>
 *
 * The operator needs {@code get, list, watch, create, update, patch, delete} on
 * {@code networking.k8s.io} {@code ingresses}; install it only where the API server serves
 * {@code networking.k8s.io/v1} Ingresses ({@link #served}, Kubernetes 1.19 and later).
 */
public final class NginxOperator {

    /** The name of the Ingress informers in {@link OperatorContext#informers}. */
    public static final String INFORMER = "ingresses";

    private NginxOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        return install(builder, CanaryAnnotations.DEFAULT_PREFIX);
    }

    /** With the annotations under {@code prefix} (Flagger's {@code -ingress-annotations-prefix}). */
    public static CanaryOperator.Builder install(CanaryOperator.Builder builder, String prefix) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(prefix, "prefix");
        builder.extraInformer(INFORMER, (client, namespace) -> namespace.isEmpty()
                ? client.resources(Ingress.class).inAnyNamespace().inform()
                : client.resources(Ingress.class).inNamespace(namespace).inform());
        builder.trafficRouter(NginxTrafficRouter.PROVIDER,
                context -> NginxTrafficRouter.of(context.client(), context.cache(INFORMER, Ingress.class, IngressCaches.direct(context.client())), prefix));
        return builder;
    }

    /** Whether the API server serves Ingresses in {@code networking.k8s.io/v1} (API discovery). */
    public static boolean served(KubernetesClient client) {
        return client.supports(Ingress.class);
    }

}
