package io.canarykit.linkerd.internal;

import io.canarykit.api.model.Canary;
import java.util.List;
import java.util.Map;

/**
 * The TrafficSplit's metadata as Flagger writes it: a controller reference to the Canary (so that
 * deleting the Canary collects the split) and, for the Istio mesh only, {@code service.gateways} in
 * the annotation Istio's SMI adapter reads.
 */
public final class SplitMetadata {

    static final String ISTIO_GATEWAYS = "VirtualService.v1alpha3.networking.istio.io/spec.gateways";

    private SplitMetadata() {
    }

    /** Flagger's {@code makeAnnotations}: the gateways as a JSON array when the mesh is {@code istio}. */
    public static Map<String, String> annotations(Canary canary, String mesh) {
        List<String> gateways = canary.spec().service().gateways();
        if (!"istio".equals(mesh) || gateways.isEmpty()) {
            return Map.of();
        }
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < gateways.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(gateways.get(i).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return Map.of(ISTIO_GATEWAYS, json.append(']').toString());
    }
}
