package io.canarykit.knative;

import io.canarykit.k8s.DirectObjectCache;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * Where canary-knative reads Knative {@code serving.knative.dev/v1} Services and Revisions, as
 * {@link GenericKubernetesResource}s (fabric8's Knative model is not published for the fabric8
 * version CanaryKit uses, and two CRDs do not need one): direct reads, or informers (an
 * operator's choice: a steady tick then issues no GET). Close an informing cache with
 * {@code cache.informer().close()}.
 */
public final class KnativeServices {

    /** {@code services.serving.knative.dev}, version v1. */
    public static final ResourceDefinitionContext SERVICES = context("Service", "services");
    /** {@code revisions.serving.knative.dev}, version v1. */
    public static final ResourceDefinitionContext REVISIONS = context("Revision", "revisions");

    private KnativeServices() {
    }

    /** Every read of a Knative Service is a GET. */
    public static ObjectCache<GenericKubernetesResource> direct(KubernetesClient client) {
        return DirectObjectCache.of(Objects.requireNonNull(client, "client").genericKubernetesResources(SERVICES), "Knative Service");
    }

    /** Every read of a Knative Revision is a GET. */
    public static ObjectCache<GenericKubernetesResource> directRevisions(KubernetesClient client) {
        return DirectObjectCache.of(Objects.requireNonNull(client, "client").genericKubernetesResources(REVISIONS), "Knative Revision");
    }

    /** Starts an informer on Knative Services in {@code namespace}, or in every namespace when it is empty. */
    public static InformerObjectCache<GenericKubernetesResource> informing(KubernetesClient client, String namespace) {
        return InformerObjectCache.of(inform(client, SERVICES, namespace), direct(client));
    }

    /** Starts an informer on Knative Revisions in {@code namespace}, or in every namespace when it is empty. */
    public static InformerObjectCache<GenericKubernetesResource> informingRevisions(KubernetesClient client, String namespace) {
        return InformerObjectCache.of(inform(client, REVISIONS, namespace), directRevisions(client));
    }

    static SharedIndexInformer<GenericKubernetesResource> inform(KubernetesClient client,
            ResourceDefinitionContext context, String namespace) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(namespace, "namespace");
        var operation = client.genericKubernetesResources(context);
        return namespace.isEmpty() ? operation.inAnyNamespace().inform() : operation.inNamespace(namespace).inform();
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("serving.knative.dev").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
