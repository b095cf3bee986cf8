package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every distinct set of {@code nginx.ingress.kubernetes.io/canary*} annotations one Ingress carried,
 * in order, as the API server's watch delivered them (what an ingress-nginx controller would have
 * acted on at each step).
 */
final class IngressAnnotationHistory implements AutoCloseable {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";

    private final String name;
    private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<Ingress> informer;

    IngressAnnotationHistory(KubernetesClient client, String namespace, String name) {
        this.name = name;
        this.informer = client.resources(Ingress.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Ingress ingress) {
                record(ingress);
            }

            @Override
            public void onUpdate(Ingress old, Ingress ingress) {
                record(ingress);
            }

            @Override
            public void onDelete(Ingress ingress, boolean unknown) {
            }
        });
    }

    /** The canary annotations (prefix dropped) at each change, consecutive duplicates collapsed. */
    List<Map<String, String>> history() {
        return List.copyOf(seen);
    }

    /** The {@code canary-weight} values, in order, consecutive duplicates collapsed. */
    List<String> weights() {
        List<String> weights = new java.util.ArrayList<>();
        for (Map<String, String> annotations : seen) {
            String w = annotations.getOrDefault("canary-weight", "");
            if (weights.isEmpty() || !weights.get(weights.size() - 1).equals(w)) {
                weights.add(w);
            }
        }
        return weights;
    }

    private synchronized void record(Ingress ingress) {
        if (!name.equals(ingress.getMetadata().getName())) {
            return;
        }
        Map<String, String> canary = new TreeMap<>();
        if (ingress.getMetadata().getAnnotations() != null) {
            ingress.getMetadata().getAnnotations().forEach((k, v) -> {
                if (k.startsWith(PREFIX + "canary")) {
                    canary.put(k.substring(PREFIX.length()), v);
                }
            });
        }
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(canary)) {
            seen.add(canary);
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
