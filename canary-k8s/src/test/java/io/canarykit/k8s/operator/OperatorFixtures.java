package io.canarykit.k8s.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** podinfo, its Canary and MetricTemplate, and the Deployment controller's part, for operator tests. */
final class OperatorFixtures {

    static final String NS = "default";
    static final String ERROR_RATE = "sum(rate(errors{app=\"podinfo\"}[1m]))";

    private OperatorFixtures() {
    }

    static void createWorkload(KubernetesClient client) {
        Deployment podinfo = new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
        client.apps().deployments().resource(podinfo).create();
        apply(client, """
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: error-rate
                  namespace: default
                spec:
                  provider:
                    type: prometheus
                    address: http://prometheus.monitoring:9090
                  query: %s
                """.formatted("'" + ERROR_RATE + "'"));
    }

    /** The reference canary: {@code provider}, interval 10s, threshold 2, error rate below 1 (%). */
    static Canary canary(String provider, String strategy, boolean revertOnDeletion) {
        return canary("podinfo", provider, strategy, revertOnDeletion);
    }

    /** The reference canary under another name (still targeting podinfo). */
    static Canary canary(String name, String provider, String strategy, boolean revertOnDeletion) {
        return (Canary) ManifestReader.read(canaryYaml(name, provider, strategy, revertOnDeletion), "fixture").resourcesOrThrow().get(0);
    }

    /** The reference canary's manifest (interval 10s), for tests that vary it further. */
    static String canaryYaml(String name, String provider, String strategy, boolean revertOnDeletion) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: %s
                  namespace: default
                spec:
                  provider: %s
                  revertOnDeletion: %s
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                  analysis:
                    interval: 10s
                    threshold: 2
                %s
                    metrics:
                      - name: error-rate
                        templateRef:
                          name: error-rate
                        thresholdRange:
                          max: 1
                        interval: 1m
                """.formatted(name, provider, revertOnDeletion, strategy);
    }

    static void create(KubernetesClient client, Canary canary) {
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
    }

    private static void apply(KubernetesClient client, String yaml) {
        CanaryResource resource = ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.metricTemplates())
                .resource(CanaryResources.toResource(resource, CanaryApiGroup.FLAGGER)).create();
    }

    /** Plays the Deployment controller: a Deployment whose status lags its spec becomes fully rolled out. */
    static void markReady(KubernetesClient client, String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        if (d == null) {
            return;
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getUpdatedReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).build());
        client.apps().deployments().resource(d).update();
    }

    static void setImage(KubernetesClient client, String image) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().deployments().resource(d).update();
    }
}
