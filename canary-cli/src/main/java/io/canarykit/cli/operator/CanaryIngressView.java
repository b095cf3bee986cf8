package io.canarykit.cli.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.nginx.NginxTrafficRouter;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canary Ingress as the API server stores it, for {@code --provider nginx}: its
 * {@code nginx.ingress.kubernetes.io/*} annotations (what ingress-nginx acts on), and the split they
 * route.
 */
final class CanaryIngressView {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";
    private static final String WEIGHT = PREFIX + "canary-weight";

    private CanaryIngressView() {
    }

    /** The annotations under {@link #PREFIX}, read from the API server; empty before the router created the Ingress. */
    static Map<String, String> annotations(KubernetesClient demo, Canary canary) {
        Ingress ingress = demo.resources(Ingress.class).inNamespace(canary.namespace())
                .withName(NginxTrafficRouter.canaryIngressName(canary)).get();
        Map<String, String> out = new TreeMap<>();
        if (ingress != null && ingress.getMetadata().getAnnotations() != null) {
            ingress.getMetadata().getAnnotations().forEach((k, v) -> {
                if (k.startsWith(PREFIX)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /** The split of {@code canary-weight}; all primary while there is none (the demo runs no A/B match). */
    static Routes split(Map<String, String> annotations) {
        String weight = annotations.get(WEIGHT);
        return weight == null ? Routes.PRIMARY_ONLY : Routes.canaryWeight(Integer.parseInt(weight));
    }
}
