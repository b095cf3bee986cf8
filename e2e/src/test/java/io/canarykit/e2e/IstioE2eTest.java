package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.istio.IstioCrds;
import io.canarykit.istio.IstioResources;
import io.canarykit.istio.IstioTrafficRouter;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Istio router on a real API server serving {@code networking.istio.io/v1beta1} (the
 * schemaless CRDs of {@link IstioCrds}; no Istio runs here): the operator installs the router by
 * discovery, and the VirtualService the API server stored carries every weight step of a promoted
 * release.
 */
@ExtendWith(Cluster.Extension.class)
class IstioE2eTest {

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> metrics(Map<String, Object> spec) {
        return (List<Map<String, Object>>) ((Map<String, Object>) spec.get("analysis")).get("metrics");
    }

    @Test
    @DisplayName("14 istio: VirtualService weights 10..50 read back from the server at every step, then promoted")
    void weightsStepThroughTheVirtualService(Cluster cluster) throws Exception {
        String name = "14-istio";
        cluster.freshNamespace(name);
        cluster.installCrds(name, "istio-crds.yaml", IstioCrds.all());
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.apply(name, "web.yaml", cluster.reference().canary(spec -> {
            spec.put("provider", "istio");
            // No Istio proxies here, so no istio_request_duration_* series for the builtin request-duration
            // (istio observer). The error-rate template reads the played pods.
            metrics(spec).removeIf(m -> "request-duration".equals(m.get("name")));
        }).yaml());
        Canary canary = CanaryResources.toCanary(cluster.admin.genericKubernetesResources("flagger.app/v1beta1", "Canary")
                .inNamespace(cluster.namespace()).withName("web").get());
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web");
                ResourceHistory virtualService = new ResourceHistory(cluster.admin, IstioResources.virtualServices(), cluster.namespace(),
                        "web", vs -> IstioTrafficRouter.split(vs, canary)
                                .map(r -> "web-primary=" + r.primaryWeight() + ",web-canary=" + r.canaryWeight()))) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(history.weights()).as("status.canaryWeight as stored, in order").containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            assertThat(virtualService.history()).as("the VirtualService's destination weights as stored, in order")
                    .containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
            Files.writeString(cluster.settings.caseDir(name).resolve("virtualservice-splits.txt"),
                    String.join("\n", virtualService.history()) + "\n");
        }
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
        GenericKubernetesResource vs = cluster.admin.genericKubernetesResources(IstioResources.virtualServices())
                .inNamespace(cluster.namespace()).withName("web").get();
        assertThat(vs.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(Optional.ofNullable((Object) vs.get("spec", "hosts"))).contains(List.of("web"));
        for (String rule : List.of("web-primary", "web-canary")) {
            assertThat(cluster.admin.genericKubernetesResources(IstioResources.destinationRules()).inNamespace(cluster.namespace())
                    .withName(rule).get()).as("DestinationRule %s", rule).isNotNull();
        }
        Files.writeString(cluster.settings.caseDir(name).resolve("virtualservice.yaml"),
                cluster.kubectl.run("-n", cluster.namespace(), "get", "virtualservice", "-o", "yaml"));
        Files.writeString(cluster.settings.caseDir(name).resolve("destinationrules.yaml"),
                cluster.kubectl.run("-n", cluster.namespace(), "get", "destinationrule", "-o", "yaml"));
    }
}
