package io.canarykit.nginx.internal;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/**
 * The canary Ingress's spec: a copy of the user's (rules, hosts, TLS, class, default backend) in
 * which every path that routes to the apex Service routes to the canary Service instead, as
 * Flagger's ingress router writes it.
 */
public final class CanaryIngressSpec {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private CanaryIngressSpec() {
    }

    /** The copy, or empty when no path of {@code user} routes to {@code apex} (nothing to take over). */
    public static Optional<IngressSpec> of(IngressSpec user, String apex, String canaryService) {
        IngressSpec copy = SERIALIZATION.clone(user);
        boolean found = false;
        for (IngressRule rule : copy.getRules()) {
            if (rule.getHttp() == null) {
                continue;
            }
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                if (path.getBackend() != null && path.getBackend().getService() != null
                        && apex.equals(path.getBackend().getService().getName())) {
                    path.getBackend().getService().setName(canaryService);
                    found = true;
                }
            }
        }
        return found ? Optional.of(copy) : Optional.empty();
    }
}
