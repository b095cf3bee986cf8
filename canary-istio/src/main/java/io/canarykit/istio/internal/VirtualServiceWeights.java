package io.canarykit.istio.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the split in force from a VirtualService spec, as Flagger's {@code GetRoutes}: the
 * weighted route is the last HTTP (or, for {@code appProtocol: tcp}, TCP) route with a destination
 * on the canary Service — sticky cookie routes come before it, the A/B fallback (primary only)
 * after it; it is mirrored when it has a {@code mirror} host.
 */
public final class VirtualServiceWeights {

    private VirtualServiceWeights() {
    }

    /** The split, or empty when no route sends traffic to the primary or the canary (hand-edited, or not ours). */
    public static Optional<Routes> read(Map<String, Object> spec, Canary canary) {
        String primary = canary.spec().primaryServiceName();
        String canaryName = canary.spec().canaryServiceName();
        boolean tcp = VirtualServiceSpecs.isTcp(canary);
        Map<String, Object> weighted = Map.of();
        for (Object r : Trees.list(spec.get(tcp ? "tcp" : "http"))) {
            Map<String, Object> route = Trees.map(r);
            if (Trees.list(route.get("route")).stream().anyMatch(d -> canaryName.equals(host(d)))) {
                weighted = route;
            }
        }
        int p = 0;
        int c = 0;
        for (Object d : Trees.list(weighted.get("route"))) {
            // A missing weight reads as 0, like Flagger's Go int.
            int weight = Math.max(0, Trees.integer(Trees.map(d).get("weight"), 0));
            if (primary.equals(host(d))) {
                p = weight;
            } else if (canaryName.equals(host(d))) {
                c = weight;
            }
        }
        if (p == 0 && c == 0) {
            return Optional.empty();
        }
        boolean mirrored = !tcp && !Trees.string(Trees.map(weighted.get("mirror")).get("host")).isEmpty();
        return Optional.of(normalised(p, c, mirrored));
    }

    private static String host(Object destination) {
        return Trees.string(Trees.map(Trees.map(destination).get("destination")).get("host"));
    }

    /** Istio refuses weights that do not add up to 100; a hand-edited object read anyway is scaled to percentages. */
    private static Routes normalised(int primary, int canary, boolean mirrored) {
        int total = primary + canary;
        if (total == 100) {
            return new Routes(primary, canary, mirrored);
        }
        int canaryPercent = Math.round(canary * 100f / total);
        return new Routes(100 - canaryPercent, canaryPercent, mirrored);
    }
}
