package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Flagger's scheduler fixture (reference §7): podinfo in default, with a ConfigMap and a Secret. */
final class Fixtures {

    static final String NS = "default";

    private Fixtures() {
    }

    static Deployment podinfo(String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage(image)
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .addNewPort().withName("http-metrics").withContainerPort(8080).endPort()
                .addNewPort().withContainerPort(8888).endPort()
                .addNewEnv().withName("COLOR").withNewValueFrom().withNewConfigMapKeyRef("color", "podinfo-config-env", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("API_KEY").withNewValueFrom().withNewSecretKeyRef("apiKey", "podinfo-secret-env", false)
                .endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static void createWorkload(KubernetesClient client) {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("podinfo-config-env").withNamespace(NS)
                .endMetadata().withData(Map.of("color", "red")).build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("podinfo-secret-env").withNamespace(NS)
                .endMetadata().withType("Opaque").withData(Map.of("apiKey", "c2VjcmV0")).build()).create();
        client.apps().deployments().resource(podinfo("ghcr.io/stefanprodan/podinfo:6.0.0")).create();
    }

    static Canary canary(String extraSpec, String analysis) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  provider: kubernetes
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                    portDiscovery: true
                %s
                  analysis:
                    interval: 10s
                    threshold: 10
                %s
                """.formatted(extraSpec, analysis);
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }

    /** Plays the Deployment controller: every replica updated, ready and available. */
    static void markReady(KubernetesClient client, String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
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
