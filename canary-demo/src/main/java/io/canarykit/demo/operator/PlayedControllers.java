package io.canarykit.demo.operator;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Objects;

/**
 * The controllers a real cluster runs and the mock server has not: the Deployment controller
 * (a Deployment whose status lags its spec becomes fully rolled out) and those of the routing
 * provider ({@link DemoRouting#play}: a gateway accepting HTTPRoutes...). They write with the
 * demo's own client, so their requests are never counted as the operator's.
 */
final class PlayedControllers {

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;
    private final DemoRouting routing;

    PlayedControllers(KubernetesClient client, String namespace, Clock clock, DemoRouting routing) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.routing = Objects.requireNonNull(routing, "routing");
    }

    /** One pass of the Deployment controller and the routing provider's controllers over the namespace. */
    void reconcile() {
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(this::rollOut);
        routing.play(client, namespace, clock);
    }

    /** Ships {@code image} as the workload's new revision (what a user's CD pipeline does). */
    void ship(String workload, String image) {
        routing.ship(client, namespace, workload, image);
    }

    private void rollOut(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getUpdatedReplicas(), replicas)
                && Objects.equals(d.getStatus().getReadyReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).build());
        // The mock keeps no status subresource for built-ins: a PUT of the whole object carries it.
        client.apps().deployments().resource(d).update();
    }
}
