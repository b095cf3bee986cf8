package io.canarykit.istio.internal;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flagger's {@code makeDestination}: {@code {destination: {host}, weight}}, the host being the
 * primary or canary Service's short name. With {@code portDiscovery} behind an ingress gateway (the
 * first gateway is not {@code mesh}) or in a delegate VirtualService, the destination names the
 * service port as well: the Services then expose several ports and Istio could not pick one.
 */
public final class Destinations {

    private Destinations() {
    }

    public static Map<String, Object> of(Canary canary, String host, int weight) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("host", host);
        if (namesPort(canary.spec().service())) {
            Integer port = canary.spec().service().port();
            if (port == null || port <= 0) {
                throw new InvalidCanarySpecException("spec.service.port: is required: the destinations name the port "
                        + "(portDiscovery behind a gateway or in a delegate VirtualService)");
            }
            Map<String, Object> selector = new LinkedHashMap<>();
            selector.put("number", port);
            destination.put("port", selector);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("destination", destination);
        out.put("weight", weight);
        return out;
    }

    private static boolean namesPort(CanaryService service) {
        boolean behindGateway = !service.gateways().isEmpty() && !"mesh".equals(service.gateways().get(0));
        return service.isPortDiscovery() && (behindGateway || Boolean.TRUE.equals(service.delegation()));
    }
}
