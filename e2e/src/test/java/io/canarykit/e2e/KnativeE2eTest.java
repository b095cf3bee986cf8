package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.knative.KnativeCrds;
import io.canarykit.knative.KnativeServices;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code provider: knative} on a real API server serving Knative Serving's CRDs
 * ({@link KnativeCrds}), with the test playing Knative Serving's controller
 * ({@link PlayedKnativeServing}): Flagger's tutorial Knative Service and Canary
 * ({@code docs/gitbook/tutorials/knative-progressive-delivery.md}, Apache-2.0; named {@code web},
 * with the suite's short interval and no Knative metrics, which no Knative runs here to produce).
 * The split is read back from the Service's {@code spec.traffic} at every step; no Deployment or
 * Kubernetes Service is made.
 */
@ExtendWith(Cluster.Extension.class)
class KnativeE2eTest {

    private static final String SERVICE = """
            apiVersion: serving.knative.dev/v1
            kind: Service
            metadata:
              name: web
              namespace: %s
            spec:
              template:
                spec:
                  containers:
                    - image: %s
                      ports:
                        - containerPort: 9898
                          protocol: TCP
                      command:
                        - ./podinfo
                        - --port=9898
                        - --port-metrics=9797
                        - --grpc-port=9999
                        - --grpc-service-name=podinfo
                        - --level=info
                        - --random-delay=false
                        - --random-error=false
            """;

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: web
              namespace: %s
            spec:
              provider: knative
              targetRef:
                apiVersion: serving.knative.dev/v1
                kind: Service
                name: web
              progressDeadlineSeconds: 60
              analysis:
                interval: %s
                threshold: 15
                maxWeight: 50
                stepWeight: 10
                webhooks:
                  - name: load-test
                    url: %s
                    timeout: 5s
                    metadata:
                      type: cmd
                      cmd: "hey -z 1m -q 5 -c 2 http://web.%s"
                      logCmdOutput: "true"
            """;

    @Test
    @DisplayName("16 knative: the Knative Service's spec.traffic 10..50 read back at every step, then promoted; no Deployment or core Service")
    void weightsStepThroughTheKnativeServiceTraffic(Cluster cluster) throws Exception {
        String name = "16-knative";
        cluster.freshNamespace(name);
        cluster.installCrds(name, "knative-crds.yaml", KnativeCrds.all());
        String ns = cluster.namespace();
        try (PlayedKnativeServing serving = new PlayedKnativeServing(cluster.admin, ns);
                CanaryHistory history = new CanaryHistory(cluster.admin, ns, "web");
                ResourceHistory traffic = new ResourceHistory(cluster.admin, KnativeServices.SERVICES, ns, "web", KnativeE2eTest::traffic)) {
            cluster.apply(name, "knative-service.yaml", SERVICE.formatted(ns, "ghcr.io/stefanprodan/podinfo:6.0.0"));
            cluster.apply(name, "canary.yaml", CANARY.formatted(ns, ReferenceCanary.INTERVAL, cluster.loadTester.uri(), ns));
            cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            assertThat(annotation(cluster)).isEqualTo("web-00001");
            cluster.apply(name, "knative-service-6.0.1.yaml", SERVICE.formatted(ns, "ghcr.io/stefanprodan/podinfo:6.0.1"));
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(history.weights()).as("status.canaryWeight as stored, in order").containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            Files.writeString(cluster.settings.caseDir(name).resolve("knative-traffic.txt"), String.join("\n", traffic.history()) + "\n");
            assertThat(traffic.history()).as("spec.traffic as stored, in order").containsSubsequence(
                    "latest=0,web-00001=100", "latest=10,web-00001=90", "latest=20,web-00001=80", "latest=30,web-00001=70",
                    "latest=40,web-00001=60", "latest=50,web-00001=50", "latest=0,web-00002=100");
            assertThat(traffic.history()).last().as("promoted: the new revision is the primary").isEqualTo("latest=0,web-00002=100");
        }
        assertThat(annotation(cluster)).isEqualTo("web-00002");
        assertThat(cluster.admin.services().inNamespace(ns).list().getItems()).extracting(s -> s.getMetadata().getName())
                .as("no Kubernetes Service (web, web-primary, web-canary): Knative routes between revisions").isEmpty();
        assertThat(cluster.admin.apps().deployments().inNamespace(ns).list().getItems()).extracting(d -> d.getMetadata().getName())
                .as("no primary Deployment").isEmpty();
        assertThat(cluster.admin.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(ns).list().getItems())
                .extracting(HasMetadata::getMetadata).extracting(m -> m.getName()).containsExactly("web-00001", "web-00002");
        Files.writeString(cluster.settings.caseDir(name).resolve("knative-service.yaml"),
                cluster.kubectl.run("-n", ns, "get", "services.serving.knative.dev", "web", "-o", "yaml"));
    }

    private static String annotation(Cluster cluster) {
        GenericKubernetesResource service = cluster.admin.genericKubernetesResources(KnativeServices.SERVICES)
                .inNamespace(cluster.namespace()).withName("web").get();
        return Optional.ofNullable(service.getMetadata().getAnnotations()).map(a -> a.get("flagger.app/primary-revision")).orElse("");
    }

    /** {@code latest=C,<primary revision>=P} from {@code spec.traffic}; empty before the operator wrote it. */
    private static Optional<String> traffic(GenericKubernetesResource service) {
        Object traffic = service.get("spec", "traffic");
        if (!(traffic instanceof List<?> entries) || entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(entries.stream().map(e -> (Map<?, ?>) e)
                .map(e -> (Boolean.TRUE.equals(e.get("latestRevision")) ? "latest" : String.valueOf(e.get("revisionName"))) + "="
                        + e.get("percent"))
                .collect(Collectors.joining(",")));
    }
}
