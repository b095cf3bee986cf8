package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The nginx router on the real {@code networking.k8s.io/v1} Ingress API (no ingress-nginx runs here):
 * the canary Ingress the API server accepted and stored at every step of a promoted release.
 */
@ExtendWith(Cluster.Extension.class)
class NginxE2eTest {

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: %s
              labels: {app: web}
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 8m
            spec:
              ingressClassName: nginx
              tls:
                - hosts: [web.example.com]
                  secretName: web-tls
              rules:
                - host: web.example.com
                  http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service:
                            name: web
                            port: {number: 80}
                      - path: /static
                        pathType: Prefix
                        backend:
                          service:
                            name: assets
                            port: {name: http}
            """;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> metrics(Map<String, Object> spec) {
        return (List<Map<String, Object>>) ((Map<String, Object>) spec.get("analysis")).get("metrics");
    }

    @Test
    @DisplayName("12 nginx: the canary Ingress's canary-weight 10..50 as stored at every step, then promoted; the user's Ingress untouched")
    void weightsStepThroughTheCanaryIngress(Cluster cluster) throws Exception {
        String name = "12-nginx";
        cluster.freshNamespace(name);
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.apply(name, "ingress.yaml", INGRESS.formatted(cluster.namespace()));
        Ingress user = cluster.admin.resources(Ingress.class).inNamespace(cluster.namespace()).withName("web").get();
        cluster.apply(name, "web.yaml", cluster.reference().canary(spec -> {
            spec.put("provider", "nginx");
            spec.put("ingressRef", Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "name", "web"));
            // No ingress-nginx runs here, so no nginx_ingress_controller_* series: the builtin request-duration
            // (nginx observer) would find no values. The error-rate template reads the played pods.
            metrics(spec).removeIf(m -> "request-duration".equals(m.get("name")));
        }).yaml());
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web");
                IngressAnnotationHistory ingress = new IngressAnnotationHistory(cluster.admin, cluster.namespace(), "web-canary")) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(history.weights()).as("status.canaryWeight as stored, in order").containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            assertThat(ingress.weights()).as("canary-weight of web-canary as stored, in order")
                    .containsExactly("0", "10", "20", "30", "40", "50", "0");
            assertThat(ingress.history()).as("always a canary Ingress, never an A/B one")
                    .allSatisfy(a -> assertThat(a.keySet()).containsExactlyInAnyOrder("canary", "canary-weight"))
                    .allSatisfy(a -> assertThat(a).containsEntry("canary", "true"));
            Files.writeString(cluster.settings.caseDir(name).resolve("canary-ingress-annotations.txt"),
                    String.join("\n", ingress.history().stream().map(Object::toString).toList()) + "\n");
        }
        assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
        Ingress copy = cluster.admin.resources(Ingress.class).inNamespace(cluster.namespace()).withName("web-canary").get();
        assertThat(copy.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getName()).isEqualTo("web");
            assertThat(owner.getController()).isTrue();
        });
        assertThat(copy.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(copy.getSpec().getTls()).isEqualTo(user.getSpec().getTls());
        assertThat(copy.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("web.example.com");
            assertThat(rule.getHttp().getPaths()).extracting(p -> p.getPath() + "=" + p.getBackend().getService().getName())
                    .containsExactly("/=web-canary", "/static=assets");
        });
        assertThat(copy.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "8m")
                .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "0")
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
        Ingress after = cluster.admin.resources(Ingress.class).inNamespace(cluster.namespace()).withName("web").get();
        assertThat(after.getMetadata().getResourceVersion()).as("the user's Ingress was never written")
                .isEqualTo(user.getMetadata().getResourceVersion());
        assertThat(List.of(after.getSpec())).containsExactly(user.getSpec());
        Files.writeString(cluster.settings.caseDir(name).resolve("ingresses.yaml"),
                cluster.kubectl.run("-n", cluster.namespace(), "get", "ingress", "web", "web-canary", "-o", "yaml"));
    }
}
