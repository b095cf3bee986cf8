package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Flagger's DaemonSet scheduler fixture (reference §7): the podinfo pod template as a DaemonSet. */
final class DaemonSetFixtures {

    private DaemonSetFixtures() {
    }

    static DaemonSet podinfo(String image) {
        var template = Fixtures.podinfo(image).getSpec().getTemplate();
        return new DaemonSetBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(Fixtures.NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withTemplate(template).endSpec().build();
    }

    /** The ConfigMap and Secret of {@link Fixtures#createWorkload} and a DaemonSet instead of the Deployment. */
    static void createWorkload(KubernetesClient client) {
        Fixtures.createWorkload(client);
        client.apps().deployments().inNamespace(Fixtures.NS).withName("podinfo").delete();
        client.apps().daemonSets().resource(podinfo("ghcr.io/stefanprodan/podinfo:6.0.0")).create();
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
                    kind: DaemonSet
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

    /** Plays the DaemonSet controller: one node, its pod updated and available. */
    static void markReady(KubernetesClient client, String name) {
        DaemonSet d = client.apps().daemonSets().inNamespace(Fixtures.NS).withName(name).get();
        d.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withDesiredNumberScheduled(1).withCurrentNumberScheduled(1).withUpdatedNumberScheduled(1)
                .withNumberReady(1).withNumberAvailable(1).withNumberMisscheduled(0).build());
        client.apps().daemonSets().resource(d).update();
    }

    static void setImage(KubernetesClient client, String image) {
        DaemonSet d = client.apps().daemonSets().inNamespace(Fixtures.NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().daemonSets().resource(d).update();
    }
}
