package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * What the API server keeps of a Canary. With CanaryKit's CRDs a Canary using every extension field
 * (baseline, minSamples, sequential, thresholdMode) round-trips unchanged. With Flagger's own CRDs
 * (v1.44, what a Flagger user switching over keeps) the server prunes exactly the extension fields
 * listed here — and the operator still runs a Flagger canary to the end on that schema.
 */
@ExtendWith(Cluster.Extension.class)
// Alone: it replaces the Canary CRD with Flagger's for a while, which every other case relies on.
@Isolated
class CrdRealityE2eTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** What Flagger v1.44's structural schema prunes from examples/manifests/web-sequential.yaml + thresholdMode. */
    static final List<String> PRUNED_BY_FLAGGER_CRD = List.of(
            "spec.analysis.metrics[0].minSamples",
            "spec.analysis.metrics[1].baseline",
            "spec.analysis.metrics[2].sequential",
            "spec.analysis.thresholdMode");
    /** CanaryKit's status fields that Flagger's schema does not know (used by the sequential and minSamples extensions only). */
    static final List<String> PRUNED_STATUS_FIELDS = List.of("analysisStartedAt", "lastAnalysisAt", "insufficientChecks");

    @Test
    @DisplayName("7 CRD reality: extension fields round-trip with CanaryKit's CRDs; Flagger's CRDs prune exactly the extensions and the operator still works")
    void extensionFieldsRoundTripAndFlaggerCrdsPruneOnlyThem(Cluster cluster) throws Exception {
        String name = "7-crd-reality";
        Path dir = cluster.settings.caseDir(name);
        cluster.freshNamespace(name);
        GenericKubernetesResource extended = extendedCanary(cluster);
        Path file = dir.resolve("web-sequential.yaml");
        Files.writeString(file, JSON.asYaml(extended));

        cluster.kubectl.run("apply", "-f", file.toString());
        assertThat(pruned(spec(extended), spec(stored(cluster)), "spec")).as("fields the server dropped with CanaryKit's CRDs").isEmpty();
        assertThat(spec(stored(cluster))).isEqualTo(spec(extended));
        cluster.kubectl.run("delete", "-f", file.toString());

        Path root = cluster.settings.projectRoot();
        try {
            // As with the Gateway API CRD, v1.20 refuses `default: ""` (see e2e/crds/flagger/README.md).
            cluster.kubectl.runWithInput(Kubectl.read(root.resolve("e2e/crds/flagger/crd.yaml")).replaceAll("(?m)^ *default: \"\"\n", ""),
                    "replace", "-f", "-");
            cluster.kubectl.run("wait", "--for", "condition=established", "crd/canaries.flagger.app");
            cluster.kubectl.run("apply", "-f", file.toString());
            List<String> dropped = pruned(spec(extended), spec(stored(cluster)), "spec");
            Files.writeString(dir.resolve("pruned-by-flagger-crd.txt"), String.join("\n", dropped) + "\n");
            assertThat(dropped).as("fields Flagger's CRD prunes").containsExactlyElementsOf(PRUNED_BY_FLAGGER_CRD);
            cluster.kubectl.run("delete", "-f", file.toString());

            cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
            cluster.apply(name, "web.yaml", cluster.reference().yaml());
            try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
                cluster.startOperator(name);
                history.awaitPhase("Initialized", GatewayApiRun.RUN);
                cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
                history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            }
            assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
            // The status fields only the extensions use are pruned as well: with Flagger's CRD the extensions are off.
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) stored(cluster).getAdditionalProperties().get("status");
            Files.writeString(dir.resolve("status-under-flagger-crd.txt"), String.join("\n", status.keySet()) + "\n");
            assertThat(status).containsKeys("phase", "canaryWeight", "failedChecks", "iterations", "lastAppliedSpec",
                    "lastPromotedSpec", "lastTransitionTime", "conditions")
                    .doesNotContainKeys(PRUNED_STATUS_FIELDS.toArray(String[]::new));
        } finally {
            cluster.stopOperators();
            cluster.kubectl.run("replace", "-f", root.resolve("examples/operator/deploy/crd-canaries.yaml").toString(),
                    "-f", root.resolve("examples/operator/deploy/crd-metrictemplates.yaml").toString(),
                    "-f", root.resolve("examples/operator/deploy/crd-alertproviders.yaml").toString());
        }
    }

    /** The extension canary of examples/manifests/web-sequential.yaml, with Flagger's counting mode spelled out. */
    private static GenericKubernetesResource extendedCanary(Cluster cluster) throws Exception {
        String text = Files.readString(cluster.settings.projectRoot().resolve("examples/manifests/web-sequential.yaml"));
        for (String document : text.split("(?m)^---\\s*$")) {
            GenericKubernetesResource resource = document.isBlank() ? null : JSON.unmarshal(document, GenericKubernetesResource.class);
            if (resource != null && "Canary".equals(resource.getKind())) {
                resource.getMetadata().setNamespace(cluster.namespace());
                ReferenceCanary.child(spec(resource), "analysis").put("thresholdMode", "cumulative");
                return resource;
            }
        }
        throw new IllegalStateException("web-sequential.yaml has no Canary");
    }

    private static GenericKubernetesResource stored(Cluster cluster) {
        return JSON.unmarshal(cluster.kubectl.run("-n", cluster.namespace(), "get", "canary", "web", "-o", "json"),
                GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** The paths under {@code path} that {@code sent} has and {@code kept} has not. */
    @SuppressWarnings("unchecked")
    static List<String> pruned(Object sent, Object kept, String path) {
        List<String> paths = new ArrayList<>();
        if (sent instanceof Map<?, ?> map) {
            Map<String, Object> keptMap = kept instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            ((Map<String, Object>) map).forEach((key, value) -> {
                if (!keptMap.containsKey(key)) {
                    paths.add(path + "." + key);
                } else {
                    paths.addAll(pruned(value, keptMap.get(key), path + "." + key));
                }
            });
        } else if (sent instanceof List<?> list) {
            List<Object> keptList = kept instanceof List<?> l ? (List<Object>) l : List.of();
            for (int i = 0; i < list.size(); i++) {
                paths.addAll(pruned(list.get(i), i < keptList.size() ? keptList.get(i) : null, path + "[" + i + "]"));
            }
        }
        return paths;
    }
}
