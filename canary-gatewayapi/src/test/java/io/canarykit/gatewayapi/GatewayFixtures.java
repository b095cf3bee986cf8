package io.canarykit.gatewayapi;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The HTTPRoute CRD for the mock (so that status is a subresource, as on a real server) and canaries. */
final class GatewayFixtures {

    static final String NS = "default";

    private GatewayFixtures() {
    }

    /** A canary for podinfo with one gateway parent; {@code service} and {@code analysis} lines are appended. */
    static Canary canary(String service, String analysis) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 3f1c2a6e-0000-4000-8000-000000000001
                spec:
                  provider: gatewayapi:v1
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                    gatewayRefs:
                      - name: gateway
                        namespace: istio-ingress
                %s
                  analysis:
                    interval: 10s
                    threshold: 2
                %s
                """.formatted(service, analysis);
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }

    static HTTPRoute route(KubernetesClient client) {
        return client.resources(HTTPRoute.class).inNamespace(NS).withName("podinfo").get();
    }

    /** Plays the gateway controller: every parent accepts the route at its current generation ({@code status} True/False). */
    static void setAccepted(KubernetesClient client, String status, long generationLag) {
        HTTPRoute route = route(client);
        long generation = route.getMetadata().getGeneration();
        List<RouteParentStatus> parents = new ArrayList<>();
        for (var ref : route.getSpec().getParentRefs()) {
            parents.add(new RouteParentStatus(List.of(new ConditionBuilder().withType("Accepted").withStatus(status)
                    .withReason("Accepted").withMessage("").withLastTransitionTime("2026-01-01T00:00:00Z")
                    .withObservedGeneration(generation - generationLag).build()), "istio.io/gateway-controller", ref));
        }
        HTTPRouteStatus routeStatus = new HTTPRouteStatus();
        routeStatus.setParents(parents);
        route.setStatus(routeStatus);
        client.resource(route).updateStatus();
    }

    static void accept(KubernetesClient client) {
        setAccepted(client, "True", 0);
    }

    /** {@code [name=weight, ...]} of a rule, for compact assertions. */
    static List<String> weights(HTTPRouteRule rule) {
        return rule.getBackendRefs().stream().map(b -> b.getName() + "=" + b.getWeight()).toList();
    }

    /** The weights of the weighted rule (the last with two backends). */
    static List<String> weightedRule(KubernetesClient client) {
        List<HTTPRouteRule> rules = route(client).getSpec().getRules();
        HTTPRouteRule weighted = null;
        for (HTTPRouteRule r : rules) {
            if (r.getBackendRefs().size() == 2) {
                weighted = r;
            }
        }
        return weighted == null ? List.of() : weights(weighted);
    }

    /** The Deployment {@code default/podinfo}: one replica of podinfo 6.0.0 on port 9898. */
    static Deployment podinfo() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** Plays the Deployment controller: the current generation rolled out, every replica available. */
    static void markReady(KubernetesClient client, String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getAvailableReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).build());
        client.apps().deployments().resource(d).update();
    }

    /** Ships {@code image} as podinfo's new revision. */
    static void setImage(KubernetesClient client, String image) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().deployments().resource(d).update();
    }
}
