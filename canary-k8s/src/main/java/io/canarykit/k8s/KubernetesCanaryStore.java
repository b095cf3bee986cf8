package io.canarykit.k8s;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CanaryStore} on the Kubernetes API: reads from the caches, status writes as a PUT on the
 * status subresource carrying the resourceVersion the canary was read at.
 *
 * <p>On a conflict the store re-reads the Canary. If its status is still the one the caller read
 * (only spec or metadata moved, e.g. a user edited the manifest), the status is ours to write and is
 * written again on the new resourceVersion. If someone else changed the status, writing ours would
 * lose their update: the store throws {@link ConflictException} so the driver recomputes the tick.
 */
public final class KubernetesCanaryStore implements CanaryStore {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesCaches caches;

    private KubernetesCanaryStore(KubernetesCaches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    public static KubernetesCanaryStore of(KubernetesCaches caches) {
        return new KubernetesCanaryStore(caches);
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        return caches.canaries().get(namespace, name).map(CanaryResources::toCanary);
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return caches.metricTemplates().get(namespace, name).map(CanaryResources::toMetricTemplate);
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return caches.alertProviders().get(namespace, name).map(CanaryResources::toAlertProvider);
    }

    @Override
    public Canary updateStatus(Canary canary, CanaryStatus status) {
        String ns = canary.namespace();
        String name = canary.name();
        String what = "update status of canary " + ns + "/" + name;
        GenericKubernetesResource resource = caches.canaries().get(ns, name)
                .filter(r -> Objects.equals(r.getMetadata().getResourceVersion(), canary.metadata().resourceVersion()))
                .orElseGet(() -> CanaryResources.toResource(canary, caches.group()));
        try {
            return write(resource, canary.metadata().resourceVersion(), status);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw KubernetesCalls.translate(what, e);
            }
            GenericKubernetesResource fresh = caches.canaries().fresh(ns, name)
                    .orElseThrow(() -> new ConflictException(KubernetesCalls.BACKEND, what + ": the canary was deleted", e));
            if (!CanaryResources.toCanary(fresh).status().equals(canary.status())) {
                throw new ConflictException(KubernetesCalls.BACKEND, what + ": the status changed since it was read", e);
            }
            return KubernetesCalls.call(what, () -> write(fresh, fresh.getMetadata().getResourceVersion(), status));
        }
    }

    private Canary write(GenericKubernetesResource base, String resourceVersion, CanaryStatus status) {
        GenericKubernetesResource copy = SERIALIZATION.clone(base);
        copy.getMetadata().setResourceVersion(resourceVersion);
        copy.setAdditionalProperty("status", CanaryResources.statusTree(status));
        GenericKubernetesResource written = caches.client().genericKubernetesResources(caches.group().canaries())
                .resource(copy).updateStatus();
        return CanaryResources.toCanary(written);
    }
}
