package io.canarykit.k8s;

import io.canarykit.k8s.internal.AutoscalingApi;
import io.canarykit.k8s.internal.ScaledObjects;
import io.canarykit.k8s.internal.ServedAutoscalers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The caches every adapter of this module reads from, one per kind. {@link #direct} reads the API
 * server each time; {@link #informing} starts one informer per kind (the operator's choice: a
 * steady tick then issues no GET). Close it to stop the informers.
 *
 * <p>HorizontalPodAutoscalers are read in the {@code autoscaling} version the API server serves,
 * chosen once by API discovery: {@code autoscaling/v2}, else {@code autoscaling/v2beta2}, else none
 * (no informer, an empty cache); see {@link #autoscalers()}. KEDA ScaledObjects likewise: informed
 * only when the API server serves {@code keda.sh/v1alpha1} (KEDA is installed); see
 * {@link #scaledObjects()}.
 */
public final class KubernetesCaches implements AutoCloseable {

    private final KubernetesClient client;
    private final CanaryApiGroup group;
    private final ObjectCache<Deployment> deployments;
    private final ObjectCache<DaemonSet> daemonSets;
    private final ObjectCache<Service> services;
    private final ObjectCache<ConfigMap> configMaps;
    private final ObjectCache<Secret> secrets;
    private final Discovery<AutoscalingApi> autoscaling;
    private final ObjectCache<HorizontalPodAutoscaler> autoscalers;
    private final Discovery<Boolean> keda;
    private final ObjectCache<GenericKubernetesResource> scaledObjects;
    private final ObjectCache<GenericKubernetesResource> canaries;
    private final ObjectCache<GenericKubernetesResource> metricTemplates;
    private final ObjectCache<GenericKubernetesResource> alertProviders;
    private final List<SharedIndexInformer<?>> informers;

    private KubernetesCaches(KubernetesClient client, CanaryApiGroup group, Factory factory) {
        this.client = client;
        this.group = group;
        this.autoscaling = new Discovery<>(() -> AutoscalingApi.discover(client));
        this.keda = new Discovery<>(() -> ScaledObjects.discover(client));
        try {
            if (factory.informs()) {
                // Decides which HPA and ScaledObject informers to start; before any informer, so a failure leaves none running.
                autoscaling.get();
                keda.get();
            }
            this.deployments = factory.cache(client.apps().deployments(), "Deployment");
            this.daemonSets = factory.cache(client.apps().daemonSets(), "DaemonSet");
            this.services = factory.cache(client.services(), "Service");
            this.configMaps = factory.cache(client.configMaps(), "ConfigMap");
            this.secrets = factory.cache(client.secrets(), "Secret");
            this.autoscalers = factory.informs() ? autoscalers(factory, autoscaling.get()) : lazyAutoscalers(factory);
            this.scaledObjects = factory.informs() ? scaledObjects(factory, keda.get()) : lazyScaledObjects(factory);
            this.canaries = factory.cache(client.genericKubernetesResources(group.canaries()), "Canary", factory.canaryLabels());
            this.metricTemplates = factory.cache(client.genericKubernetesResources(group.metricTemplates()), "MetricTemplate");
            this.alertProviders = factory.cache(client.genericKubernetesResources(group.alertProviders()), "AlertProvider");
        } catch (RuntimeException e) {
            // inform() waits for the first list and throws when it fails (403, CRD not installed):
            // the informers already running would otherwise be unreachable.
            factory.closeStarted(e);
            throw e;
        }
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
        return informing(client, group, namespace.isEmpty() ? WatchScope.CLUSTER : WatchScope.namespaces(namespace));
    }

    /**
     * Starts informers for {@code scope}: one per kind and watched namespace (one per kind when the
     * scope is cluster-wide), the Canary informers filtered by the scope's label selector.
     */
    public static KubernetesCaches informing(KubernetesClient client, CanaryApiGroup group, WatchScope scope) {
        Objects.requireNonNull(scope, "scope");
        return new KubernetesCaches(Objects.requireNonNull(client, "client"), Objects.requireNonNull(group, "group"),
                new Factory(scope));
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

    public ObjectCache<DaemonSet> daemonSets() {
        return daemonSets;
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

    /**
     * HorizontalPodAutoscalers in the {@code autoscaling/v2} model, whichever version the API server
     * serves them in: {@code autoscaling/v2} when served, else {@code autoscaling/v2beta2} (the same
     * schema; objects are converted to v2). When neither is served, or discovery is forbidden, the
     * cache is empty and no HPA informer runs. Direct caches discover the version on first use,
     * informing caches when they start.
     */
    public ObjectCache<HorizontalPodAutoscaler> autoscalers() {
        return autoscalers;
    }

    /** The version HorizontalPodAutoscalers are read and written in (discovered on first use for direct caches). */
    AutoscalingApi autoscalingApi() {
        return autoscaling.get();
    }

    /**
     * KEDA ScaledObjects ({@code keda.sh/v1alpha1}) as generic resources. When the API server does
     * not serve them (KEDA is not installed), or discovery is forbidden, the cache is empty and no
     * ScaledObject informer runs. Direct caches discover on first use, informing caches when they start.
     */
    public ObjectCache<GenericKubernetesResource> scaledObjects() {
        return scaledObjects;
    }

    /** Whether the API server serves KEDA ScaledObjects (discovered on first use for direct caches). */
    boolean scaledObjectsServed() {
        return keda.get();
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

    /** The informer-backed cache of Canaries; empty for direct caches. */
    public Optional<ScopedInformerCache<GenericKubernetesResource>> informingCanaries() {
        return canaries instanceof ScopedInformerCache<GenericKubernetesResource> scoped ? Optional.of(scoped) : Optional.empty();
    }

    /** Every informer this instance started (none for direct caches). */
    public List<SharedIndexInformer<?>> informers() {
        return informers;
    }

    /** Whether every informer has completed its first list (always true for direct caches). */
    public boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    private ObjectCache<HorizontalPodAutoscaler> autoscalers(Factory factory, AutoscalingApi api) {
        if (api == AutoscalingApi.V2) {
            return factory.cache(client.autoscaling().v2().horizontalPodAutoscalers(), AutoscalingApi.KIND);
        }
        if (api == AutoscalingApi.V2BETA2) {
            return ServedAutoscalers.converting(factory.cache(client.genericKubernetesResources(api.context()), AutoscalingApi.KIND));
        }
        return ServedAutoscalers.none();
    }

    /** Direct caches: the version is discovered on the first read, so that one that reads no HPA asks nothing. */
    private ObjectCache<HorizontalPodAutoscaler> lazyAutoscalers(Factory factory) {
        return new ObjectCache<>() {
            @Override
            public Optional<HorizontalPodAutoscaler> get(String namespace, String name) {
                return autoscalers(factory, autoscaling.get()).get(namespace, name);
            }

            @Override
            public Optional<HorizontalPodAutoscaler> fresh(String namespace, String name) {
                return autoscalers(factory, autoscaling.get()).fresh(namespace, name);
            }
        };
    }

    private ObjectCache<GenericKubernetesResource> scaledObjects(Factory factory, boolean served) {
        return served ? factory.cache(client.genericKubernetesResources(ScaledObjects.CONTEXT), ScaledObjects.KIND) : empty();
    }

    /** Direct caches: KEDA is discovered on the first read, so that one that reads no ScaledObject asks nothing. */
    private ObjectCache<GenericKubernetesResource> lazyScaledObjects(Factory factory) {
        return new ObjectCache<>() {
            @Override
            public Optional<GenericKubernetesResource> get(String namespace, String name) {
                return scaledObjects(factory, keda.get()).get(namespace, name);
            }

            @Override
            public Optional<GenericKubernetesResource> fresh(String namespace, String name) {
                return scaledObjects(factory, keda.get()).fresh(namespace, name);
            }
        };
    }

    /** A cache that knows no object and asks the API server nothing. */
    private static <T extends HasMetadata> ObjectCache<T> empty() {
        return new ObjectCache<>() {
            @Override
            public Optional<T> get(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<T> fresh(String namespace, String name) {
                return Optional.empty();
            }
        };
    }

    /** What API discovery answered, asked once; a failed discovery is not remembered. */
    private static final class Discovery<T> {
        private final Supplier<T> discover;
        private volatile @Nullable T answer;

        Discovery(Supplier<T> discover) {
            this.discover = discover;
        }

        T get() {
            T known = answer;
            if (known == null) {
                synchronized (this) {
                    known = answer;
                    if (known == null) {
                        known = discover.get();
                        answer = known;
                    }
                }
            }
            return known;
        }
    }

    /** Builds direct caches, or informer caches for a watch scope. */
    private static final class Factory {
        private final @Nullable WatchScope scope;
        private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

        Factory(@Nullable WatchScope scope) {
            this.scope = scope;
        }

        boolean informs() {
            return scope != null;
        }

        Map<String, String> canaryLabels() {
            return scope == null ? Map.of() : scope.canaryLabels();
        }

        <T extends HasMetadata, L extends KubernetesResourceList<T>> ObjectCache<T> cache(
                MixedOperation<T, L, ? extends Resource<T>> operation, String kind) {
            return cache(operation, kind, Map.of());
        }

        <T extends HasMetadata, L extends KubernetesResourceList<T>> ObjectCache<T> cache(
                MixedOperation<T, L, ? extends Resource<T>> operation, String kind, Map<String, String> labels) {
            DirectObjectCache<T> direct = DirectObjectCache.of(operation, kind);
            if (scope == null) {
                return direct;
            }
            Map<String, SharedIndexInformer<T>> byNamespace = new LinkedHashMap<>();
            if (scope.isClusterWide()) {
                byNamespace.put("", started(labelled(operation.inAnyNamespace(), labels).inform()));
            } else {
                for (String namespace : scope.namespaces()) {
                    byNamespace.put(namespace, started(labelled(operation.inNamespace(namespace), labels).inform()));
                }
            }
            return new ScopedInformerCache<>(byNamespace, direct);
        }

        private <T> SharedIndexInformer<T> started(SharedIndexInformer<T> informer) {
            informers.add(informer);
            return informer;
        }

        /** Stops every informer started so far; a failure to stop one is added to {@code failure}. */
        void closeStarted(RuntimeException failure) {
            for (SharedIndexInformer<?> informer : informers) {
                try {
                    informer.close();
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            informers.clear();
        }

        private static <T extends HasMetadata, L extends KubernetesResourceList<T>> FilterWatchListDeletable<T, L, ? extends Resource<T>> labelled(
                FilterWatchListDeletable<T, L, ? extends Resource<T>> operation, Map<String, String> labels) {
            return labels.isEmpty() ? operation : operation.withLabels(labels);
        }
    }
}
