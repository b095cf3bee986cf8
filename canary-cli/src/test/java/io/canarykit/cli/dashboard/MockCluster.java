package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The reference Canary {@code web} in namespace {@code prod} of a mock API server, and a kubeconfig that names it as users' do. */
record MockCluster(KubernetesClient client) {

    static MockCluster with(KubernetesClient client, CanaryStatus status, Instant now) {
        MockCluster cluster = new MockCluster(client);
        Canary web = Canaries.web();
        GenericKubernetesResource created = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod")
                .resource(CanaryResources.toResource(web, CanaryApiGroup.FLAGGER)).create();
        cluster.writeStatus(created, status);
        client.v1().events().inNamespace("prod").resource(new EventBuilder().withNewMetadata().withName("web.1").withNamespace("prod")
                .endMetadata().withNewInvolvedObject().withKind("Canary").withName("web").withNamespace("prod").endInvolvedObject()
                .withType("Normal").withReason("Synced").withMessage("Advance web.prod canary weight 20")
                .withLastTimestamp(now.minusSeconds(30).toString()).withCount(1).build()).create();
        return cluster;
    }

    Path kubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: me
                  user: {token: secret-token}
                contexts:
                - name: mock
                  context: {cluster: mock, user: me, namespace: prod}
                current-context: mock
                """.formatted(client.getMasterUrl()));
        return file;
    }

    /** Writes {@code status} as the operator does, through the status subresource. */
    void writeStatus(CanaryStatus status) {
        writeStatus(live(), status);
    }

    private void writeStatus(GenericKubernetesResource resource, CanaryStatus status) {
        resource.setAdditionalProperty("status", CanaryResources.statusTree(status));
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod").resource(resource).updateStatus();
    }

    GenericKubernetesResource live() {
        return client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod").withName("web").get();
    }

    Canary liveCanary() {
        return CanaryResources.toCanary(live());
    }
}
