package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.internal.ScaledObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** KEDA's ScaledObject CRD (names and version only) and ScaledObjects for tests on the CRUD mock. */
public final class Keda {

    /** {@code scaledobjects.keda.sh}, served in {@code v1alpha1}: register it with {@code KubernetesCrudHarness.withCrds}. */
    public static final List<CustomResourceDefinition> CRDS = List.of(new CustomResourceDefinitionBuilder()
            .withNewMetadata().withName("scaledobjects.keda.sh").endMetadata()
            .withNewSpec().withGroup(ScaledObjects.GROUP).withScope("Namespaced")
            .withNewNames().withKind(ScaledObjects.KIND).withPlural(ScaledObjects.PLURAL).withSingular("scaledobject")
            .withListKind("ScaledObjectList").withShortNames("so").endNames()
            .addNewVersion().withName(ScaledObjects.VERSION).withServed(true).withStorage(true).endVersion()
            .endSpec().build());

    /**
     * The target's ScaledObject after Flagger's newScaledObject (fluxcd/flagger
     * pkg/canary/scaler_reconciler_fixture_test.go at 15bd6ad5, Copyright 2020 The Flux authors,
     * Apache-2.0; modified: a named trigger, labels, a scale target kind): a prometheus trigger on
     * podinfo-canary, polling every 10s, min 1, max 4, the HPA named podinfo.
     */
    public static final String PODINFO = """
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: podinfo
              namespace: default
              labels:
                app: podinfo
                kustomize.toolkit.fluxcd.io/name: apps
              annotations:
                scaledobject.keda.sh/transfer-hpa-ownership: "true"
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: podinfo
              pollingInterval: 10
              minReplicaCount: 1
              maxReplicaCount: 4
              advanced:
                horizontalPodAutoscalerConfig:
                  name: podinfo
              triggers:
                - type: prometheus
                  name: requests
                  metadata:
                    serverAddress: http://prometheus.istio-system:9090
                    query: sum(rate(http_requests_total{app="podinfo-canary"}[2m]))
                    threshold: "100"
            """;

    private Keda() {
    }

    public static GenericKubernetesResource scaledObject(String yaml) {
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }

    public static void create(KubernetesClient client, String yaml) {
        client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(scaledObject(yaml)).create();
    }

    public static GenericKubernetesResource get(KubernetesClient client, String name) {
        return client.genericKubernetesResources(ScaledObjects.CONTEXT).inNamespace("default").withName(name).get();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> spec(GenericKubernetesResource scaledObject) {
        return (Map<String, Object>) scaledObject.getAdditionalProperties().get("spec");
    }

    /** A Deployment canary on podinfo whose autoscalerRef is the ScaledObject podinfo, plus {@code autoscalerExtra} lines. */
    public static Canary canary(String autoscalerExtra) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 6d2f6a3c-0000-4000-8000-000000000001
                spec:
                  provider: kubernetes
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  autoscalerRef:
                    apiVersion: keda.sh/v1alpha1
                    kind: ScaledObject
                    name: podinfo
                %s
                  service:
                    port: 9898
                  analysis:
                    interval: 10s
                    threshold: 10
                    iterations: 1
                """.formatted(autoscalerExtra);
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }
}
