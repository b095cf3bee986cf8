package io.canarykit.e2e;

import io.canarykit.gatewayapi.GatewayAcceptance;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Gateway controller this cluster lacks: every parent Gateway accepts an HTTPRoute at its
 * current generation (through the {@code httproutes/status} subresource), and every weight split
 * the routes carry is recorded as the API server stored it.
 */
final class PlayedGateway implements AutoCloseable {

    static final String CONTROLLER = "gateway.canarykit.io/e2e-controller";
    private static final Logger LOG = LoggerFactory.getLogger(PlayedGateway.class);

    private final KubernetesClient client;
    private final SharedIndexInformer<HTTPRoute> informer;
    private final Map<String, List<String>> weights = new ConcurrentHashMap<>();

    PlayedGateway(KubernetesClient client) {
        this.client = client;
        this.informer = client.resources(HTTPRoute.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(HTTPRoute route) {
                reconcile(route);
            }

            @Override
            public void onUpdate(HTTPRoute old, HTTPRoute route) {
                reconcile(route);
            }

            @Override
            public void onDelete(HTTPRoute route, boolean unknown) {
            }
        });
    }

    /** The distinct consecutive {@code primary=W,canary=W} splits of {@code namespace}'s routes, as stored by the server. */
    List<String> weights(String namespace) {
        return List.copyOf(weights.getOrDefault(namespace, List.of()));
    }

    private void reconcile(HTTPRoute route) {
        record(route);
        if (GatewayAcceptance.accepted(route)) {
            return;
        }
        route.setStatus(GatewayAcceptance.acceptedBy(CONTROLLER, route, Instant.now()));
        try {
            client.resource(route).updateStatus();
        } catch (RuntimeException e) {
            // A newer generation is on its way (409): its own event accepts it.
            LOG.debug("route {} not accepted: {}", route.getMetadata().getName(), e.getMessage());
        }
    }

    private synchronized void record(HTTPRoute route) {
        if (route.getSpec().getRules() == null || route.getSpec().getRules().isEmpty()) {
            return;
        }
        StringBuilder split = new StringBuilder();
        route.getSpec().getRules().get(route.getSpec().getRules().size() - 1).getBackendRefs().forEach(b -> split
                .append(split.length() == 0 ? "" : ",").append(b.getName()).append('=').append(b.getWeight()));
        String now = split.toString();
        List<String> seen = weights.computeIfAbsent(route.getMetadata().getNamespace(), ns -> new CopyOnWriteArrayList<>());
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
            seen.add(now);
        }
    }

    @Override
    public void close() {
        informer.close();
    }
}
