package io.canarykit.k8s.internal;

import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import java.util.Optional;

/**
 * HorizontalPodAutoscalers in the {@code autoscaling/v2} model, kept on the API server in the
 * version it serves ({@link AutoscalingApi}). v2 is v2beta2 graduated unchanged, so an object
 * converts between them by its {@code apiVersion} alone: objects read in v2beta2 come out as v2,
 * objects written go out in the served version.
 */
public final class ServedAutoscalers {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String V2 = "autoscaling/v2";

    private final KubernetesClient client;
    private final AutoscalingApi api;

    public ServedAutoscalers(KubernetesClient client, AutoscalingApi api) {
        this.client = Objects.requireNonNull(client, "client");
        this.api = Objects.requireNonNull(api, "api");
    }

    /** Creates {@code hpa} in the served version; fails when none is served. */
    public void create(HorizontalPodAutoscaler hpa) {
        if (requireServed() == AutoscalingApi.V2) {
            client.autoscaling().v2().horizontalPodAutoscalers().resource(hpa).create();
        } else {
            client.genericKubernetesResources(api.context()).resource(toServed(hpa)).create();
        }
    }

    /** Replaces {@code hpa} (a PUT carrying its resourceVersion) in the served version; fails when none is served. */
    public void update(HorizontalPodAutoscaler hpa) {
        if (requireServed() == AutoscalingApi.V2) {
            client.autoscaling().v2().horizontalPodAutoscalers().resource(hpa).update();
        } else {
            client.genericKubernetesResources(api.context()).resource(toServed(hpa)).update();
        }
    }

    /** The v2 view of a cache of HorizontalPodAutoscalers read in another version (v2beta2) as generic resources. */
    public static ObjectCache<HorizontalPodAutoscaler> converting(ObjectCache<GenericKubernetesResource> served) {
        Objects.requireNonNull(served, "served");
        return new ObjectCache<>() {
            @Override
            public Optional<HorizontalPodAutoscaler> get(String namespace, String name) {
                return served.get(namespace, name).map(ServedAutoscalers::toV2);
            }

            @Override
            public Optional<HorizontalPodAutoscaler> fresh(String namespace, String name) {
                return served.fresh(namespace, name).map(ServedAutoscalers::toV2);
            }
        };
    }

    /** The cache when no version is served: it knows no object, and asks the API server nothing. */
    public static ObjectCache<HorizontalPodAutoscaler> none() {
        return new ObjectCache<>() {
            @Override
            public Optional<HorizontalPodAutoscaler> get(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<HorizontalPodAutoscaler> fresh(String namespace, String name) {
                return Optional.empty();
            }
        };
    }

    /** {@code resource} (any served version of the same schema) as an {@code autoscaling/v2} object. */
    static HorizontalPodAutoscaler toV2(GenericKubernetesResource resource) {
        HorizontalPodAutoscaler hpa = SERIALIZATION.convertValue(resource, HorizontalPodAutoscaler.class);
        hpa.setApiVersion(V2);
        return hpa;
    }

    /** {@code hpa} as a generic resource of the served version. */
    GenericKubernetesResource toServed(HorizontalPodAutoscaler hpa) {
        GenericKubernetesResource resource = SERIALIZATION.convertValue(hpa, GenericKubernetesResource.class);
        resource.setApiVersion(api.apiVersion());
        resource.setKind(AutoscalingApi.KIND);
        return resource;
    }

    private AutoscalingApi requireServed() {
        if (!api.isServed()) {
            throw new IllegalStateException("this API server serves neither autoscaling/v2 nor autoscaling/v2beta2");
        }
        return api;
    }
}
