package io.canarykit.knative.internal;

import io.canarykit.api.BackendException;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Knative Service with one JSON Patch computed on the cached copy (no GET). When the
 * patch finds the Service changed since that read (a failed {@code test}, or a 409), the Service is
 * read afresh, the patch computed again and sent once more; a second failure is the caller's.
 */
public final class ServiceWrites {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceWrites.class);

    private final KubernetesClient client;
    private final ResourceDefinitionContext context;
    private final ObjectCache<GenericKubernetesResource> services;

    public ServiceWrites(KubernetesClient client, ResourceDefinitionContext context, ObjectCache<GenericKubernetesResource> services) {
        this.client = Objects.requireNonNull(client, "client");
        this.context = Objects.requireNonNull(context, "context");
        this.services = Objects.requireNonNull(services, "services");
    }

    /** The Service as cached; a retryable failure when it does not exist (it may be applied after the Canary). */
    public KnativeService read(String namespace, String name) {
        return services.get(namespace, name).map(KnativeService::new).orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                "Knative Service " + name + "." + namespace + " not found", true));
    }

    /** The Service as cached, if it exists. */
    public Optional<KnativeService> find(String namespace, String name) {
        return services.get(namespace, name).map(KnativeService::new);
    }

    /**
     * Applies {@code change} to {@code cached}; nothing is sent when the patch is empty.
     *
     * @return whether anything was written
     */
    public boolean patch(String what, KnativeService cached, Function<KnativeService, ServicePatch> change) {
        KnativeService current = cached;
        for (int attempt = 0; ; attempt++) {
            ServicePatch patch = change.apply(current);
            if (patch.isEmpty()) {
                return false;
            }
            try {
                LOG.debug("{}: patching Knative Service {}: {}", what, current.dotted(), patch);
                client.genericKubernetesResources(context).inNamespace(current.namespace()).resource(current.resource())
                        .patch(PatchContext.of(PatchType.JSON), patch.json());
                return true;
            } catch (KubernetesClientException e) {
                String action = what + " (Knative Service " + current.dotted() + ")";
                if (attempt > 0 || !KubernetesCalls.isStale(e, true)) {
                    throw KubernetesCalls.translate(action, e);
                }
                LOG.warn("{}: Knative Service {} changed since it was read, retrying on a fresh read", what, current.dotted());
                current = services.fresh(current.namespace(), current.name()).map(KnativeService::new)
                        .orElseThrow(() -> KubernetesCalls.translate(action, e));
            }
        }
    }
}
