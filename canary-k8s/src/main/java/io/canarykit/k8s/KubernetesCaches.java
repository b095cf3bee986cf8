package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The caches every adapter of this module reads from, one per kind. {@link #direct} reads the API
 * server each time; {@link #informing} starts one informer per kind (the operator's choice: a
 * steady tick then issues no GET). Close it to stop the informers.
 */
public final class KubernetesCaches implements AutoCloseable {

    private final KubernetesClient client;
    private final CanaryApiGroup group;
    private final ObjectCache<Deployment> deployments;
    private final ObjectCache<Service> services;
    private final ObjectCache<ConfigMap> configMaps;
    private final ObjectCache<Secret> secrets;
    private final ObjectCache<HorizontalPodAutoscaler> autoscalers;
    private final ObjectCache<GenericKubernetesResource> canaries;
    private final ObjectCache<GenericKubernetesResource> metricTemplates;
    private final ObjectCache<GenericKubernetesResource> alertProviders;
    private final List<SharedIndexInformer<?>> informers;

    private KubernetesCaches(KubernetesClient client, CanaryApiGroup group, Factory factory) {
        this.client = client;
        this.group = group;
        this.deployments = factory.cache(client.apps().deployments(), "Deployment");
        this.services = factory.cache(client.services(), "Service");
        this.configMaps = factory.cache(client.configMaps(), "ConfigMap");
        this.secrets = factory.cache(client.secrets(), "Secret");
        this.autoscalers = factory.cache(client.autoscaling().v2().horizontalPodAutoscalers(), "HorizontalPodAutoscaler");
        this.canaries = factory.cache(client.genericKubernetesResources(group.canaries()), "Canary");
        this.metricTemplates = factory.cache(client.genericKubernetesResources(group.metricTemplates()), "MetricTemplate");
        this.alertProviders = factory.cache(client.genericKubernetesResources(group.alertProviders()), "AlertProvider");
        this.informers = List.copyOf(factory.informers);
    }

    /** Caches that are no caches: every read is a GET. */
    public static KubernetesCaches direct(KubernetesClient client, CanaryApiGroup group) {
        return new KubernetesCaches(Objects.requireNonNull(client, "client"), Objects.requireNonNull(group, "group"),
                new Factory(null));
    }

    /**
     * Starts one informer per kind, in every namespace or in {@code namespace} only when it is not
     * empty. Reads answer from the informers' stores.
     */
    public static KubernetesCaches informing(KubernetesClient client, CanaryApiGroup group, String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return new KubernetesCaches(Objects.requireNonNull(client, "client"), Objects.requireNonNull(group, "group"),
                new Factory(namespace));
    }

    public KubernetesClient client() {
        return client;
    }

    public CanaryApiGroup group() {
        return group;
    }

    public ObjectCache<Deployment> deployments() {
        return deployments;
    }

    public ObjectCache<Service> services() {
        return services;
    }

    public ObjectCache<ConfigMap> configMaps() {
        return configMaps;
    }

    public ObjectCache<Secret> secrets() {
        return secrets;
    }

    public ObjectCache<HorizontalPodAutoscaler> autoscalers() {
        return autoscalers;
    }

    public ObjectCache<GenericKubernetesResource> canaries() {
        return canaries;
    }

    public ObjectCache<GenericKubernetesResource> metricTemplates() {
        return metricTemplates;
    }

    public ObjectCache<GenericKubernetesResource> alertProviders() {
        return alertProviders;
    }

    /** Whether every informer has completed its first list (always true for direct caches). */
    public boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** Builds direct caches, or informer caches when a namespace scope is given ("" = all). */
    private static final class Factory {
        private final String namespace;
        private final boolean informing;
        private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

        Factory(@org.jspecify.annotations.Nullable String namespace) {
            this.informing = namespace != null;
            this.namespace = namespace == null ? "" : namespace;
        }

        <T extends HasMetadata, L extends KubernetesResourceList<T>> ObjectCache<T> cache(
                MixedOperation<T, L, ? extends Resource<T>> operation, String kind) {
            DirectObjectCache<T> direct = DirectObjectCache.of(operation, kind);
            if (!informing) {
                return direct;
            }
            Function<MixedOperation<T, L, ? extends Resource<T>>, SharedIndexInformer<T>> start = namespace.isEmpty()
                    ? op -> op.inAnyNamespace().inform()
                    : op -> op.inNamespace(namespace).inform();
            SharedIndexInformer<T> informer = start.apply(operation);
            informers.add(informer);
            return InformerObjectCache.of(informer, direct);
        }
    }
}
