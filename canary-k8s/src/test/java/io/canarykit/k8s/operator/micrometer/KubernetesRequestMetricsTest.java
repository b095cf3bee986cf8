package io.canarykit.k8s.operator.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.k8s.operator.micrometer.KubernetesRequestMetrics.ApiRequest;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesRequestMetricsTest {

    @ParameterizedTest
    @CsvSource({
            "GET,    /api/v1/namespaces/prod/services/web,                                   get,    services,    ''",
            "GET,    /api/v1/namespaces/prod/services,                                       list,   services,    ''",
            "GET,    /apis/apps/v1/namespaces/prod/deployments?watch=true&resourceVersion=7, watch,  deployments, ''",
            "GET,    /apis/apps/v1/deployments?labelSelector=app%3Dweb,                      list,   deployments, ''",
            "PUT,    /apis/flagger.app/v1beta1/namespaces/prod/canaries/web/status,          update, canaries,    status",
            "PATCH,  /apis/gateway.networking.k8s.io/v1/namespaces/prod/httproutes/web,       patch,  httproutes,  ''",
            "POST,   /api/v1/namespaces/prod/events,                                         create, events,      ''",
            "DELETE, /api/v1/namespaces/prod/services/web-canary,                            delete, services,    ''",
            "GET,    /api/v1/namespaces/prod,                                                get,    namespaces,  ''",
            "GET,    /apis/coordination.k8s.io/v1/namespaces/canarykit/leases/canarykit-operator, get, leases,  ''",
            "GET,    /version,                                                               get,    '',          ''",
    })
    void readsVerbAndResourceAsTheApiServerDoes(String method, String path, String verb, String resource, String subresource) {
        assertThat(ApiRequest.of(method, URI.create("https://api:6443" + path))).isEqualTo(new ApiRequest(verb, resource, subresource));
    }

    @Test
    void countsEveryRequestAClientSendsByVerbResourceAndCode() {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KubernetesClient client = KubernetesRequestMetrics.countingRequests(
                new KubernetesClientBuilder().withConfig(server.createClient().getConfiguration()), registry).build()) {
            server.expect().get().withPath("/api/v1/namespaces/prod/configmaps/absent").andReturn(404, Map.of()).once();
            server.expect().post().withPath("/api/v1/namespaces/prod/configmaps")
                    .andReturn(201, new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).once();

            assertThat(client.configMaps().inNamespace("prod").withName("absent").get()).isNull();
            client.configMaps().inNamespace("prod").resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build())
                    .create();
        } finally {
            server.destroy();
        }

        assertThat(count(registry, "get", "configmaps", "404")).isEqualTo(1);
        assertThat(count(registry, "create", "configmaps", "201")).isEqualTo(1);
        assertThat(registry.find(KubernetesRequestMetrics.NAME).counters()).hasSize(2);
    }

    private static double count(SimpleMeterRegistry registry, String verb, String resource, String code) {
        Counter counter = registry.find(KubernetesRequestMetrics.NAME).tags("verb", verb, "resource", resource, "code", code).counter();
        return counter == null ? 0 : counter.count();
    }
}
