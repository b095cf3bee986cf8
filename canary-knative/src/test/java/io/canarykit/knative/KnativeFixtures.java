package io.canarykit.knative;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.knative.internal.KnativeService;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Knative Serving's CRDs (status subresource on), Flagger's podinfo Knative Service and Canaries
 * (copied under {@code src/test/resources/flagger/}, with their licence notice) for the tests.
 */
final class KnativeFixtures {

    static final String NS = "test";
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KnativeFixtures() {
    }

    static List<CustomResourceDefinition> crds() {
        return KnativeCrds.all();
    }

    /** A file of {@code src/test/resources/flagger}. */
    static String flagger(String file) {
        try (InputStream in = KnativeFixtures.class.getResourceAsStream("/flagger/" + file)) {
            return new String(Objects.requireNonNull(in, file).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One of Flagger's Knative Canaries, read as CanaryKit reads manifests (no validation). */
    static Canary flaggerCanary(String file) {
        return (Canary) ManifestReader.read(flagger(file), file).resourcesOrThrow().get(0);
    }

    /** The tutorial's Canary: podinfo in {@code test}, interval 15s, threshold 15, stepWeight 10, maxWeight 50. */
    static Canary canary() {
        return flaggerCanary("tutorial-canary.yaml");
    }

    /** The tutorial's Knative Service (podinfo 6.0.0). */
    static GenericKubernetesResource service() {
        return SERIALIZATION.unmarshal(flagger("tutorial-service.yaml"), GenericKubernetesResource.class);
    }

    static GenericKubernetesResource get(KubernetesClient client) {
        return client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").get();
    }

    static KnativeService knative(KubernetesClient client) {
        return new KnativeService(get(client));
    }

    /** {@code spec.traffic} of the stored Service. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> traffic(KubernetesClient client) {
        return (List<Map<String, Object>>) get(client).get("spec", "traffic");
    }

    static Map<String, String> annotations(KubernetesClient client) {
        Map<String, String> annotations = get(client).getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** Replaces the container image, as the tutorial's {@code kubectl patch} does. */
    @SuppressWarnings("unchecked")
    static void setImage(KubernetesClient client, String image) {
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").edit(s -> {
            Map<String, Object> template = (Map<String, Object>) s.get("spec", "template");
            Map<String, Object> spec = (Map<String, Object>) template.get("spec");
            ((List<Map<String, Object>>) spec.get("containers")).get(0).put("image", image);
            return s;
        });
    }
}
