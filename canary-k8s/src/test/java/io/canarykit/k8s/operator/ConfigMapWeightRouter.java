package io.canarykit.k8s.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * A mesh router whose routing object is a ConfigMap {@code <canary>-weights} holding the split
 * ({@code primary}, {@code canary}) on the API server, so that a test can read every weight written
 * from the request journal. It reads the API directly (no cache, so a read is never stale) and
 * writes with PUT on the resourceVersion it read, like the real routers' optimistic writes.
 */
final class ConfigMapWeightRouter implements TrafficRouter {

    private final KubernetesClient client;

    ConfigMapWeightRouter(KubernetesClient client) {
        this.client = client;
    }

    static String name(Canary canary) {
        return canary.name() + "-weights";
    }

    @Override
    public void reconcile(Canary canary) {
        if (read(canary) != null) {
            return;
        }
        ConfigMap initial = new ConfigMapBuilder().withNewMetadata().withName(name(canary)).withNamespace(canary.namespace())
                .endMetadata().withData(Map.of("primary", "100", "canary", "0")).build();
        try {
            client.configMaps().resource(initial).create();
        } catch (KubernetesClientException e) {
            if (!KubernetesCalls.isAlreadyExists(e)) {
                throw KubernetesCalls.translate("create " + name(canary), e);
            }
        }
    }

    @Override
    public Routes routes(Canary canary) {
        ConfigMap map = read(canary);
        if (map == null) {
            return Routes.PRIMARY_ONLY;
        }
        return new Routes(Integer.parseInt(map.getData().get("primary")), Integer.parseInt(map.getData().get("canary")), false);
    }

    @Override
    public void setRoutes(Canary canary, Routes routes) {
        reconcile(canary);
        ConfigMap map = read(canary);
        map.setData(Map.of("primary", Integer.toString(routes.primaryWeight()), "canary", Integer.toString(routes.canaryWeight())));
        KubernetesCalls.run("update " + name(canary), () -> client.configMaps().resource(map).update());
    }

    @Override
    public void revert(Canary canary) {
        setRoutes(canary, Routes.PRIMARY_ONLY);
    }

    private ConfigMap read(Canary canary) {
        return KubernetesCalls.call("get " + name(canary),
                () -> client.configMaps().inNamespace(canary.namespace()).withName(name(canary)).get());
    }
}
