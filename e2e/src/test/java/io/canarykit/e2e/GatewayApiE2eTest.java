package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Gateway API router on the official HTTPRoute CRD: every weight step as the API server stored it. */
@ExtendWith(Cluster.Extension.class)
class GatewayApiE2eTest {

    @Test
    @DisplayName("2 gatewayapi: HTTPRoute weights 10..50 read back from the server at every step, then promoted")
    void weightsStepThroughTheHttpRoute(Cluster cluster) throws Exception {
        String name = "2-gatewayapi";
        GatewayApiRun.prepare(cluster, name);
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(history.weights()).as("status.canaryWeight as stored, in order").containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
        }
        assertThat(cluster.gateway.weights(cluster.namespace())).as("the HTTPRoute's backend weights as stored, in order")
                .containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
        HTTPRoute route = cluster.admin.resources(HTTPRoute.class).inNamespace(cluster.namespace()).withName("web").get();
        assertThat(route.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("Canary"));
        assertThat(route.getSpec().getParentRefs()).singleElement()
                .satisfies(parent -> assertThat(parent.getName()).isEqualTo("public"));
        Files.writeString(cluster.settings.caseDir(name).resolve("httproute.yaml"),
                cluster.kubectl.run("-n", cluster.namespace(), "get", "httproute", "web", "-o", "yaml"));
    }
}
