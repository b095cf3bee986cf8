package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * What one custom resource (a VirtualService, a TrafficSplit, a Knative Service) carried, in
 * order, as the API server's watch delivered it: each version reduced by {@code view} to the text
 * the case compares (its weights), consecutive repeats folded, versions the view reads nothing from
 * left out. An informer, as {@link CanaryHistory}: it relists after a {@code 410 Gone}.
 */
final class ResourceHistory implements AutoCloseable {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Function<GenericKubernetesResource, Optional<String>> view;
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    ResourceHistory(KubernetesClient client, ResourceDefinitionContext kind, String namespace, String name,
            Function<GenericKubernetesResource, Optional<String>> view) {
        this.view = view;
        this.informer = client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                record(resource);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
                record(resource);
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean unknown) {
            }
        });
    }

    private synchronized void record(GenericKubernetesResource resource) {
        Optional<String> now;
        try {
            now = view.apply(resource);
        } catch (RuntimeException e) {
            now = Optional.of("unreadable: " + e);
        }
        now.ifPresent(text -> {
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(text)) {
                seen.add(text);
            }
        });
    }

    /** The views in the order they were stored. */
    List<String> history() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        informer.close();
    }
}
