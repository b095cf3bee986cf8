package io.canarykit.knative;

import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * Adds Knative to a {@link CanaryOperator}: informers over Knative Services and Revisions per
 * watched namespace (a steady tick reads them without a GET), the target controller for
 * {@code targetRef} {@code serving.knative.dev/v1} {@code Service} and the router for
 * {@code provider: knative} — a standalone one, without the apex, primary and canary Kubernetes
 * Services the other providers get (Flagger's KubernetesNoopRouter for a Service target).
 *
 * <pre>{@code
 * CanaryOperator operator = KnativeOperator.install(CanaryOperator.builder(client)).build();
 * }</pre>
 *
 * The operator needs, besides its own RBAC, {@code get, list, watch, patch} on
 * {@code serving.knative.dev} {@code services} and {@code get, list, watch} on
 * {@code serving.knative.dev} {@code revisions}:
 *
 * <pre>
 * - apiGroups: ["serving.knative.dev"]
 *   resources: ["services"]
 *   verbs: ["get", "list", "watch", "patch"]
 * - apiGroups: ["serving.knative.dev"]
 *   resources: ["revisions"]
 *   verbs: ["get", "list", "watch"]
 * </pre>
 *
 * Install it only where Knative Serving is installed ({@link #served}): the informers cannot start
 * without its CRDs, and the operator's start fails saying so.
 */
public final class KnativeOperator {

    /** The name of the Knative Service informers in {@link OperatorContext#informers}. */
    public static final String SERVICES_INFORMER = "knative-services";
    /** The name of the Knative Revision informers in {@link OperatorContext#informers}. */
    public static final String REVISIONS_INFORMER = "knative-revisions";

    private KnativeOperator() {
    }

    public static CanaryOperator.Builder install(CanaryOperator.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        builder.extraInformer(SERVICES_INFORMER, (client, namespace) -> KnativeServices.inform(client, KnativeServices.SERVICES, namespace));
        builder.extraInformer(REVISIONS_INFORMER,
                (client, namespace) -> KnativeServices.inform(client, KnativeServices.REVISIONS, namespace));
        builder.targetKind(KnativeTargetController.TARGET_KIND, (context, clock) -> KnativeTargetController.of(context.client(),
                context.cache(SERVICES_INFORMER, GenericKubernetesResource.class, KnativeServices.direct(context.client())),
                context.cache(REVISIONS_INFORMER, GenericKubernetesResource.class, KnativeServices.directRevisions(context.client())), clock));
        builder.standaloneTrafficRouter(KnativeTrafficRouter.PROVIDER, context -> KnativeTrafficRouter.of(context.client(),
                context.cache(SERVICES_INFORMER, GenericKubernetesResource.class, KnativeServices.direct(context.client()))));
        return builder;
    }

    /** Whether the API server serves Knative Serving's {@code serving.knative.dev/v1} Services (API discovery). */
    public static boolean served(KubernetesClient client) {
        return Objects.requireNonNull(client, "client").supports(KnativeServices.SERVICES.getGroup() + "/"
                + KnativeServices.SERVICES.getVersion(), KnativeServices.SERVICES.getKind());
    }

}
