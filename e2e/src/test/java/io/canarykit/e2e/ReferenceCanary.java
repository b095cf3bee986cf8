package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The product's reference canary ({@code examples/manifests/web.yaml}: threshold 3, stepWeight 10,
 * maxWeight 50, the error-rate MetricTemplate, the builtin request-duration and the load-test
 * webhook) with what differs between a cluster and this machine: the Prometheus address of the
 * template, the load tester's URL, a shorter analysis interval (and the template's rate window
 * with it), the case's namespace, and a case's own changes.
 */
final class ReferenceCanary {

    static final String INTERVAL = "3s";
    static final String RATE_WINDOW = "10s";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final List<GenericKubernetesResource> documents;

    private ReferenceCanary(List<GenericKubernetesResource> documents) {
        this.documents = documents;
    }

    static ReferenceCanary load(Path projectRoot, String namespace, String prometheusUrl, String loadTesterUrl) {
        List<GenericKubernetesResource> documents = new ArrayList<>();
        try (InputStream in = Files.newInputStream(projectRoot.resolve("examples/manifests/web.yaml"))) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String document : text.split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    documents.add(YAML.unmarshal(document, GenericKubernetesResource.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        documents.forEach(d -> d.getMetadata().setNamespace(namespace));
        ReferenceCanary reference = new ReferenceCanary(documents);
        reference.template(spec -> {
            child(spec, "provider").put("address", prometheusUrl);
            // The rate window shrinks with the interval, as on a cluster it matches it (1m): a 1m window
            // over 2 s steps would still hold the pods of releases several steps old.
            spec.put("query", ((String) spec.get("query")).replace("[1m]", "[" + RATE_WINDOW + "]")
                    .replace("namespace=\"prod\"", "namespace=\"" + namespace + "\""));
        });
        reference.canary(spec -> {
            child(spec, "analysis").put("interval", INTERVAL);
            list(child(spec, "analysis"), "webhooks").forEach(hook -> hook.put("url", loadTesterUrl));
        });
        return reference;
    }

    /** Changes the Canary's spec. */
    ReferenceCanary canary(Consumer<Map<String, Object>> change) {
        change.accept(spec("Canary"));
        return this;
    }

    /** Changes the MetricTemplate's spec. */
    ReferenceCanary template(Consumer<Map<String, Object>> change) {
        change.accept(spec("MetricTemplate"));
        return this;
    }

    /** {@code spec.provider: gatewayapi} with the parent Gateway {@code gateway-system/public}. */
    ReferenceCanary gatewayApi() {
        return canary(spec -> {
            spec.put("provider", "gatewayapi");
            child(spec, "service").put("gatewayRefs", List.of(Map.of("name", "public", "namespace", "gateway-system")));
        });
    }

    /** The MetricTemplate alone. */
    String templateYaml() {
        return YAML.asYaml(document("MetricTemplate"));
    }

    /** The Canary alone, as {@code name} with the Deployment {@code name} as its target: for a case with many canaries. */
    @SuppressWarnings("unchecked")
    String canaryYaml(String name) {
        GenericKubernetesResource canary = YAML.clone((GenericKubernetesResource) document("Canary"));
        canary.getMetadata().setName(name);
        ((Map<String, Object>) canary.getAdditionalProperties().get("spec")).put("targetRef",
                Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", name));
        return YAML.asYaml(canary);
    }

    /** The manifests as one multi-document YAML, as a user would keep them in git. */
    String yaml() {
        return documents.stream().map(YAML::asYaml).collect(Collectors.joining("---\n"));
    }

    private Map<String, Object> spec(String kind) {
        return child(((GenericKubernetesResource) document(kind)).getAdditionalProperties(), "spec");
    }

    private HasMetadata document(String kind) {
        return documents.stream().filter(d -> kind.equals(d.getKind())).findFirst()
                .orElseThrow(() -> new IllegalStateException("examples/manifests/web.yaml has no " + kind));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            value = new LinkedHashMap<String, Object>();
            parent.put(key, value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.getOrDefault(key, List.of());
    }
}
