package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.linkerd.SmiVersion;
import io.canarykit.linkerd.TrafficSplits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Linkerd router on a real API server serving the SMI TrafficSplit in v1alpha1..v1alpha3 (the
 * CRD of canary-linkerd's tests, {@code smi/trafficsplits-crd.yaml}; no Linkerd runs here): the
 * operator installs the router by discovery, and the {@code split.smi-spec.io/v1alpha1} TrafficSplit
 * the API server stored carries every weight step of a promoted release.
 */
@ExtendWith(Cluster.Extension.class)
class LinkerdE2eTest {

    @Test
    @DisplayName("15 linkerd: TrafficSplit weights 10..50 read back from the server at every step, then promoted")
    void weightsStepThroughTheTrafficSplit(Cluster cluster) throws Exception {
        String name = "15-linkerd";
        cluster.freshNamespace(name);
        cluster.installCrds(name, "trafficsplits-crd.yaml", List.of(smiCrd(cluster)));
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.apply(name, "web.yaml", cluster.reference().canary(spec -> {
            spec.put("provider", "linkerd");
            // No Linkerd proxies here, so no response_latency_ms_* series for the builtin request-duration
            // (linkerd observer). The error-rate template reads the played pods.
            IstioE2eTest.metrics(spec).removeIf(m -> "request-duration".equals(m.get("name")));
        }).yaml());
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web");
                ResourceHistory split = new ResourceHistory(cluster.admin, SmiVersion.V1ALPHA1.trafficSplits(), cluster.namespace(), "web",
                        LinkerdE2eTest::weights)) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(history.weights()).as("status.canaryWeight as stored, in order").containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            assertThat(split.history()).as("the TrafficSplit's backend weights as stored, in order")
                    .containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
            Files.writeString(cluster.settings.caseDir(name).resolve("trafficsplit-splits.txt"), String.join("\n", split.history()) + "\n");
        }
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
        GenericKubernetesResource stored = cluster.admin.genericKubernetesResources(SmiVersion.V1ALPHA1.trafficSplits())
                .inNamespace(cluster.namespace()).withName("web").get();
        assertThat(stored.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getController()).isTrue();
        });
        assertThat((Object) stored.get("spec", "service")).isEqualTo("web");
        assertThat((Object) stored.get("spec", "backends")).as("v1alpha1 weights are quantities, canary first")
                .isEqualTo(List.of(Map.of("service", "web-canary", "weight", "0"), Map.of("service", "web-primary", "weight", "100")));
        Files.writeString(cluster.settings.caseDir(name).resolve("trafficsplit.yaml"),
                cluster.kubectl.run("-n", cluster.namespace(), "get", "trafficsplits.v1alpha1.split.smi-spec.io", "-o", "yaml"));
    }

    /** {@code web-primary=P,web-canary=C}, as the other routers' splits are written. */
    private static Optional<String> weights(GenericKubernetesResource split) {
        Map<String, Integer> weights = TrafficSplits.weights(split);
        if (!weights.containsKey("web-primary") || !weights.containsKey("web-canary")) {
            return Optional.empty();
        }
        return Optional.of("web-primary=" + weights.get("web-primary") + ",web-canary=" + weights.get("web-canary"));
    }

    private static CustomResourceDefinition smiCrd(Cluster cluster) {
        try (InputStream in = LinkerdE2eTest.class.getClassLoader().getResourceAsStream("smi/trafficsplits-crd.yaml")) {
            return cluster.admin.getKubernetesSerialization().unmarshal(new String(Objects.requireNonNull(in, "smi/trafficsplits-crd.yaml")
                    .readAllBytes(), StandardCharsets.UTF_8), CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
