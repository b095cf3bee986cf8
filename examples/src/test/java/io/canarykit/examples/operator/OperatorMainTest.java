package io.canarykit.examples.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.canarykit.gatewayapi.GatewayApiVersion;
import io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorMainTest {

    @Test
    void servesFlaggerMetricsAndProbes() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerOperatorMetrics metrics = MicrometerOperatorMetrics.of(registry);
        metrics.info("0.1.0", "kubernetes");
        metrics.canaryTotals(Map.of("shop", 1));
        AtomicBoolean ready = new AtomicBoolean(false);
        HttpServer server = OperatorMain.serve(0, registry, () -> true, ready::get);
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).containsPattern("flagger_info\\{mesh_provider=\"kubernetes\",version=\"0.1.0\",?} 1")
                    .containsPattern("flagger_canary_total\\{namespace=\"shop\",?} 1");
            assertThat(status(http, base + "/healthz")).isEqualTo(200);
            assertThat(status(http, base + "/readyz")).isEqualTo(503);
            ready.set(true);
            assertThat(status(http, base + "/readyz")).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void parsesTheCanarySelector() {
        assertThat(OperatorMain.labels("shard=a, team=web")).containsExactly(Map.entry("shard", "a"), Map.entry("team", "web"));
        assertThat(OperatorMain.labels("")).isEmpty();
        assertThatThrownBy(() -> OperatorMain.labels("shard")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gatewayApiRouterFollowsTheSettingOrDiscovery() {
        Set<GatewayApiVersion> both = Set.of(GatewayApiVersion.V1, GatewayApiVersion.V1BETA1);
        assertThat(OperatorMain.gatewayApi("auto", () -> both)).isEqualTo(both);
        assertThat(OperatorMain.gatewayApi("auto", () -> Set.of(GatewayApiVersion.V1BETA1))).containsExactly(GatewayApiVersion.V1BETA1);
        assertThat(OperatorMain.gatewayApi("", Set::of)).isEmpty();
        assertThat(OperatorMain.gatewayApi("TRUE", Set::of)).containsExactly(GatewayApiVersion.V1);
        assertThat(OperatorMain.gatewayApi("false", () -> both)).isEmpty();
        assertThatThrownBy(() -> OperatorMain.gatewayApi("yes", () -> both)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GATEWAY_API must be true, false or auto, got: yes");
    }

    @Test
    void nginxRouterFollowsTheSettingOrDiscovery() {
        assertThat(OperatorMain.router("NGINX", "auto", () -> true)).isTrue();
        assertThat(OperatorMain.router("NGINX", "auto", () -> false)).isFalse();
        assertThat(OperatorMain.router("NGINX", "false", () -> true)).isFalse();
        assertThatThrownBy(() -> OperatorMain.router("NGINX", "on", () -> true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NGINX must be true, false or auto, got: on");
    }

    @Test
    void deployManifestsCarryTheShippedCrds() throws Exception {
        for (String name : new String[] {"canaries", "metrictemplates", "alertproviders"}) {
            try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/canarykit/crds/" + name + ".yaml")) {
                assertThat(in).as(name).isNotNull();
                assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("operator/deploy/crd-" + name + ".yaml")))
                        .as("operator/deploy/crd-%s.yaml is a copy of canary-k8s's CRD", name)
                        .isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
