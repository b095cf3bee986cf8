package io.canarykit.k8s;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Arrays;
import java.util.List;

/**
 * Scripts the mock API server's discovery of the {@code autoscaling} group ({@code GET
 * /apis/autoscaling}), which the CRUD mock does not answer as a real server does. The CRUD store
 * still serves every version's paths: the discovery answer alone decides which one the adapter
 * uses, and tests check the paths it sent.
 */
public final class ServedAutoscaling {

    /** A v1.20 API server: no {@code autoscaling/v2}. */
    public static final List<String> KUBERNETES_1_20 = List.of("v1", "v2beta1", "v2beta2");
    /** A v1.23 to v1.24 API server: v2 and the beta versions. */
    public static final List<String> KUBERNETES_1_23 = List.of("v2", "v1", "v2beta1", "v2beta2");

    private ServedAutoscaling() {
    }

    /** Discovery lists {@code versions} (the first one preferred). */
    public static void versions(KubernetesMockServer server, List<String> versions) {
        List<GroupVersionForDiscovery> served = versions.stream()
                .map(v -> new GroupVersionForDiscovery("autoscaling/" + v, v)).toList();
        server.expect().get().withPath("/apis/autoscaling")
                .andReturn(200, new APIGroupBuilder().withName("autoscaling").withVersions(served)
                        .withPreferredVersion(served.get(0)).build())
                .always();
    }

    public static void versions(KubernetesMockServer server, String... versions) {
        versions(server, Arrays.asList(versions));
    }

    /** Discovery answers {@code code} (404: no such group; 403: forbidden). */
    public static void fails(KubernetesMockServer server, int code) {
        server.expect().get().withPath("/apis/autoscaling")
                .andReturn(code, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + "}")
                .always();
    }
}
