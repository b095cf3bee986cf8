package io.canarykit.benchmarks.operator;

import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code size} workloads in namespace {@code bench} on the API server: a Deployment {@code web-N}
 * and its Canary (the reference analysis: interval 1m, threshold 3, the error-rate template and the
 * builtin request-duration, a load-test hook; provider {@code kubernetes}, so blue/green with a
 * million iterations — a run that never ends). The operator creates the primary Deployments and
 * the Services. This class also plays the Deployment controller, which the mock server lacks.
 */
final class ClusterFleet {

    static final String NAMESPACE = "bench";

    private final KubernetesClient client;
    private final int size;

    ClusterFleet(KubernetesClient client, int size) {
        this.client = client;
        this.size = size;
    }

    static String name(int i) {
        return "web-%05d".formatted(i);
    }

    void create() {
        apply(CanaryApiGroup.FLAGGER, """
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: error-rate
                  namespace: bench
                spec:
                  provider:
                    type: prometheus
                    address: http://prometheus.monitoring:9090
                  query: |
                    100 - sum(rate(http_requests_total{namespace="{{ namespace }}",pod=~"{{ target }}-.*",status!~"5.."}[{{ interval }}]))
                    / sum(rate(http_requests_total{namespace="{{ namespace }}",pod=~"{{ target }}-.*"}[{{ interval }}])) * 100
                """);
        for (int i = 0; i < size; i++) {
            client.apps().deployments().resource(deployment(name(i), "ghcr.io/stefanprodan/podinfo:6.0.0")).create();
            apply(CanaryApiGroup.FLAGGER, canaryYaml(name(i)));
        }
    }

    /** A new image for every workload: each canary starts a run. */
    void shipNewRevision(String image) {
        for (Deployment d : deployments().values()) {
            if (!d.getMetadata().getName().endsWith("-primary")) {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                client.apps().deployments().resource(d).update();
            }
        }
    }

    /** The Deployment controller's part: every Deployment whose status lags its spec becomes rolled out. */
    void rollOutDeployments() {
        for (Deployment d : deployments().values()) {
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                    && Objects.equals(d.getStatus().getUpdatedReplicas(), replicas)
                    && Objects.equals(d.getStatus().getReadyReplicas(), replicas)) {
                continue;
            }
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas)
                    .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
            client.apps().deployments().resource(d).update();
        }
    }

    /** Every Deployment of the namespace by name. */
    Map<String, Deployment> deployments() {
        return byName(client.apps().deployments().inNamespace(NAMESPACE).list().getItems());
    }

    /** Every Canary of the namespace by name. */
    Map<String, GenericKubernetesResource> canaries() {
        return byName(client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NAMESPACE).list().getItems());
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> items) {
        return items.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), Function.identity()));
    }

    private static Deployment deployment(String name, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage(image)
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static String canaryYaml(String name) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: %1$s
                  namespace: bench
                spec:
                  provider: kubernetes
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: %1$s
                  service:
                    port: 9898
                  analysis:
                    interval: 1m
                    threshold: 3
                    iterations: 1000000
                    metrics:
                      - name: error-rate
                        templateRef:
                          name: error-rate
                        thresholdRange:
                          max: 1
                        interval: 1m
                      - name: request-duration
                        interval: 1m
                        thresholdRange:
                          max: 500
                    webhooks:
                      - name: load-test
                        type: rollout
                        url: http://flagger-loadtester.bench/
                        timeout: 15s
                        metadata:
                          cmd: "hey -z 1m -q 10 -c 2 http://%1$s-canary.bench:9898/"
                """.formatted(name);
    }

    private void apply(CanaryApiGroup group, String yaml) {
        CanaryResource resource = ManifestReader.read(yaml, "bench").resourcesOrThrow().get(0);
        GenericKubernetesResource object = CanaryResources.toResource(resource, group);
        client.genericKubernetesResources(resource instanceof io.canarykit.api.model.Canary ? group.canaries() : group.metricTemplates())
                .resource(object).create();
    }
}
