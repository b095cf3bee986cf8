package io.canarykit.linkerd;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Canaries for the SMI tests (Flagger's newTestSMICanary, the tutorial's) and reads of the split they route. */
final class SmiFixtures {

    static final String NS = "default";

    private SmiFixtures() {
    }

    /** The TrafficSplit CRD (v1alpha1, v1alpha2, v1alpha3 served) for the harness. */
    static List<CustomResourceDefinition> crds() {
        return List.of(new KubernetesSerialization().unmarshal(resource("smi/trafficsplits-crd.yaml"), CustomResourceDefinition.class));
    }

    /**
     * Flagger's {@code newTestSMICanary} (router_test.go): podinfo in {@code default}, port 80 named
     * http, target port 9898, port discovery, with {@code provider} and {@code analysis} lines appended.
     */
    static Canary canary(String provider, String analysis) {
        return canary(provider, "", analysis);
    }

    /** As {@link #canary(String, String)}, with {@code service} lines appended to {@code spec.service}. */
    static Canary canary(String provider, String service, String analysis) {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: 3f1c2a6e-0000-4000-8000-000000000005
                spec:
                  provider: %s
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 80
                    portName: http
                    targetPort: 9898
                    portDiscovery: true
                %s
                  analysis:
                    interval: 10s
                    threshold: 10
                %s
                """.formatted(provider, service, analysis);
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }

    /** The canaries (and templates) of a Flagger fixture under {@code flagger/}. */
    static List<CanaryResource> flagger(String name) {
        return ManifestReader.read(resource("flagger/" + name), name).resourcesOrThrow();
    }

    static Canary flaggerCanary(String name) {
        return flagger(name).stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
    }

    static GenericKubernetesResource split(KubernetesClient client, SmiVersion version, String namespace, String name) {
        return client.genericKubernetesResources(version.trafficSplits()).inNamespace(namespace).withName(name).get();
    }

    static GenericKubernetesResource split(KubernetesClient client, SmiVersion version) {
        return split(client, version, NS, "podinfo");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource split) {
        return (Map<String, Object>) split.getAdditionalProperties().get("spec");
    }

    /** {@code service -> weight as stored} of every backend, in order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> weights(GenericKubernetesResource split) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> backend : (List<Map<String, Object>>) spec(split).get("backends")) {
            out.put((String) backend.get("service"), backend.get("weight"));
        }
        return out;
    }

    /** A weight in {@code version}'s encoding: Flagger's quantity string for v1alpha1, an integer otherwise. */
    static Object weight(SmiVersion version, int value) {
        return version.quantityWeights() ? String.valueOf(value) : Integer.valueOf(value);
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(SmiFixtures.class.getClassLoader().getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
