package io.canarykit.cli.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The controllers a real cluster runs and the mock server has not: the Deployment controller
 * (a Deployment whose status lags its spec becomes fully rolled out) and the gateway controller
 * (every parent Gateway accepts an HTTPRoute at its current generation). They write with the
 * demo's own client, so their requests are never counted as the operator's.
 */
final class PlayedControllers {

    static final String GATEWAY_CONTROLLER = "gateway.canarykit.io/demo-controller";

    private final KubernetesClient client;
    private final String namespace;
    private final Clock clock;

    PlayedControllers(KubernetesClient client, String namespace, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One pass of both controllers over the namespace. */
    void reconcile() {
        client.apps().deployments().inNamespace(namespace).list().getItems().forEach(this::rollOut);
        client.resources(HTTPRoute.class).inNamespace(namespace).list().getItems().forEach(this::accept);
    }

    /** Ships {@code image} as the Deployment's new revision (what a user's CD pipeline does). */
    void ship(String deployment, String image) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().deployments().resource(d).update();
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

    private void accept(HTTPRoute route) {
        long generation = route.getMetadata().getGeneration() == null ? 1 : route.getMetadata().getGeneration();
        if (acceptedAt(route, generation)) {
            return;
        }
        List<RouteParentStatus> parents = new ArrayList<>();
        for (var ref : route.getSpec().getParentRefs()) {
            Condition accepted = new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted")
                    .withMessage("Route is accepted").withLastTransitionTime(clock.instant().toString())
                    .withObservedGeneration(generation).build();
            parents.add(new RouteParentStatus(List.of(accepted), GATEWAY_CONTROLLER, ref));
        }
        HTTPRouteStatus status = new HTTPRouteStatus();
        status.setParents(parents);
        route.setStatus(status);
        client.resource(route).updateStatus();
    }

    private static boolean acceptedAt(HTTPRoute route, long generation) {
        if (route.getStatus() == null || route.getStatus().getParents() == null) {
            return false;
        }
        int parents = route.getSpec().getParentRefs() == null ? 0 : route.getSpec().getParentRefs().size();
        return route.getStatus().getParents().size() == parents && route.getStatus().getParents().stream()
                .allMatch(p -> p.getConditions().stream().anyMatch(c -> "Accepted".equals(c.getType())
                        && "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), generation)));
    }
}
