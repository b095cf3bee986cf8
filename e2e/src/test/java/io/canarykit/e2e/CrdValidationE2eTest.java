package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CRDs' value validations on the real API server. Every manifest of canary-k8s's corpus
 * ({@code canary-k8s/src/test/resources/crd-corpus/}, checked offline by {@code CrdValidationCorpusTest}
 * against the generated schema and {@code canary validate}) is applied as a GitOps controller applies
 * it, straight to the server ({@code --validate=false}: kubectl's client-side check knows types and
 * unknown fields, not enums, patterns or bounds). The server must accept what the corpus says is
 * {@code accepted} or {@code validator-only}, and refuse with a 422 what it says is {@code rejected}.
 * Then the status subresource: {@code phase: ""} (as Flagger writes it) is accepted, an unknown phase refused.
 */
@ExtendWith(Cluster.Extension.class)
class CrdValidationE2eTest {

    static final Path CORPUS = Path.of("canary-k8s/src/test/resources/crd-corpus");
    /**
     * kube-apiserver v1.20's type check (go-openapi) reads an empty string as null, so it refuses {@code ""} in a
     * string field that is not nullable ("must be of type string: \"null\""), whatever else the schema says;
     * later servers accept it. The CRD makes the fields whose enum admits "" nullable; a blank name stays refused.
     */
    static final Set<String> REFUSED_AS_NULL_BY_V1_20 = Set.of("target-blank-name");

    @Test
    @DisplayName("11 CRD validation: the API server accepts and refuses the manifest corpus as canary validate and the unit test predict")
    void theServerRefusesWhatTheCorpusSaysTheCrdRefuses(Cluster cluster) throws Exception {
        String name = "11-crd-validation";
        Path dir = cluster.settings.caseDir(name);
        Path outputs = Files.createDirectories(dir.resolve("kubectl"));
        cluster.freshNamespace(name);

        Map<String, String> verdicts = new LinkedHashMap<>();
        SoftAssertions softly = new SoftAssertions();
        for (Path file : corpus(cluster.settings.projectRoot().resolve(CORPUS))) {
            String manifest = Files.readString(file);
            String expect = manifest.lines().findFirst().orElseThrow().replace("# expect: ", "").trim();
            Kubectl.Result result = cluster.kubectl.tryRun(null, "-n", cluster.namespace(), "apply", "--validate=false",
                    "-f", file.toString());
            String base = file.getFileName().toString().replace(".yaml", "");
            Files.writeString(outputs.resolve(base + ".txt"), "$ kubectl apply --validate=false -f " + file.getFileName()
                    + "\n" + result.output() + "exit " + result.exit() + "\n");
            boolean accepted = result.exit() == 0;
            verdicts.put(base, expect + " -> " + (accepted ? "accepted" : "refused"));
            if (REFUSED_AS_NULL_BY_V1_20.contains(base)) {
                softly.assertThat(result.output()).as("%s: v1.20 reads \"\" as null", base).contains("must be of type string: \"null\"");
            } else if (expect.equals("rejected")) {
                softly.assertThat(result.output()).as("%s: refused by validation", base).contains("is invalid");
                softly.assertThat(accepted).as("%s accepted by the server", base).isFalse();
            } else {
                softly.assertThat(accepted).as("%s refused by the server: %s", base, result.output()).isTrue();
            }
        }
        StringBuilder summary = new StringBuilder();
        verdicts.forEach((file, verdict) -> summary.append(file).append(": ").append(verdict).append('\n'));
        Files.writeString(dir.resolve("verdicts.txt"), summary.toString());
        softly.assertAll();
        assertThat(verdicts).hasSizeGreaterThanOrEqualTo(50);

        statusPhases(cluster, dir);
    }

    /** Flagger writes {@code phase: ""} before its first reconcile; the CRD allows it, and only Flagger's phases. */
    private static void statusPhases(Cluster cluster, Path dir) throws IOException {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> canaries =
                cluster.admin.genericKubernetesResources("flagger.app/v1beta1", "Canary").inNamespace(cluster.namespace());
        List<String> transcript = new ArrayList<>();
        GenericKubernetesResource canary = canaries.withName("minimal").get();
        canary.setAdditionalProperty("status", Map.of("phase", ""));
        GenericKubernetesResource updated = canaries.resource(canary).updateStatus();
        transcript.add("PUT status {phase: \"\"}: accepted, phase=\"" + status(updated).get("phase") + "\"");
        assertThat(status(updated)).containsEntry("phase", "");

        updated.setAdditionalProperty("status", Map.of("phase", "Dancing"));
        assertThatThrownBy(() -> canaries.resource(updated).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    transcript.add("PUT status {phase: Dancing}: " + e.getCode() + " " + e.getStatus().getMessage());
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).contains("status.phase");
                });
        Files.writeString(dir.resolve("status-phase.txt"), String.join("\n", transcript) + "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().getOrDefault("status", Map.of());
    }

    private static List<Path> corpus(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
