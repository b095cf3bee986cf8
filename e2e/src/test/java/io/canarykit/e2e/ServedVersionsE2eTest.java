package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * v1.20 serves no {@code autoscaling/v2}: the operator asks API discovery once and keeps HPAs in
 * {@code autoscaling/v2beta2} (same schema), so an {@code autoscalerRef} to a v2beta2 HPA gets its
 * {@code <name>-primary} HPA aimed at the primary Deployment, and the release completes.
 */
@ExtendWith(Cluster.Extension.class)
class ServedVersionsE2eTest {

    private static final String HPA = """
            apiVersion: autoscaling/v2beta2
            kind: HorizontalPodAutoscaler
            metadata:
              name: web
            spec:
              scaleTargetRef:
                apiVersion: apps/v1
                kind: Deployment
                name: web
              minReplicas: 1
              maxReplicas: 3
              metrics:
                - type: Resource
                  resource:
                    name: cpu
                    target:
                      type: Utilization
                      averageUtilization: 80
            """;

    @Test
    @DisplayName("6 served API versions: an autoscalerRef to an autoscaling/v2beta2 HPA on a server without autoscaling/v2")
    void autoscalerRefToAV2beta2Hpa(Cluster cluster) {
        String name = "6-served-versions";
        assertThat(cluster.kubectl.run("api-versions").lines()).contains("autoscaling/v2beta2").doesNotContain("autoscaling/v2");
        cluster.freshNamespace(name);
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.kubectl.runWithInput(HPA, "-n", cluster.namespace(), "apply", "-f", "-");
        cluster.apply(name, "web.yaml", cluster.reference().canary(spec -> {
            spec.put("autoscalerRef", Map.of("apiVersion", "autoscaling/v2beta2", "kind", "HorizontalPodAutoscaler", "name", "web"));
            Map<String, Object> analysis = ReferenceCanary.child(spec, "analysis");
            // Blue/green, two iterations: the case is about the HPA, not the weights.
            analysis.remove("stepWeight");
            analysis.remove("maxWeight");
            analysis.put("iterations", 2);
        }).yaml());
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            OperatorProcess operator = cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            assertThat(cluster.kubectl.run("-n", cluster.namespace(), "get", "hpa.v2beta2.autoscaling", "web-primary",
                    "-o", "jsonpath={.apiVersion} {.spec.scaleTargetRef.kind}/{.spec.scaleTargetRef.name} {.spec.minReplicas}-{.spec.maxReplicas}"))
                    .isEqualTo("autoscaling/v2beta2 Deployment/web-primary 1-3");
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(Kubectl.read(operator.log())).doesNotContain("autoscaling/v2/")
                    // A 404 shows as fabric8's "code=404" or the server's "Not Found"; a bare "404" also matches
                    // timestamps and resource versions (CI failed on "21:41:42.404").
                    .doesNotContainPattern("code=404|(?i)not found");
        }
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
        assertThat(cluster.kubectl.run("-n", cluster.namespace(), "get", "hpa", "web-primary", "-o", "jsonpath={.metadata.ownerReferences[0].kind}"))
                .isEqualTo("Canary");
    }
}
