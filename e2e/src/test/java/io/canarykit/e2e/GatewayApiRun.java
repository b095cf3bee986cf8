package io.canarykit.e2e;

import java.time.Duration;
import java.util.List;

/**
 * A canary release through the Gateway API router: the reference canary with
 * {@code provider: gatewayapi} on a fresh namespace, the Deployment at the old image, then the
 * release. What the HTTPRoute carried at each step is read back from the API server
 * ({@link PlayedGateway#weights}).
 */
final class GatewayApiRun {

    static final Duration RUN = Duration.ofMinutes(3);
    /** The HTTPRoute splits of a promoted reference canary: 10 → 50 in steps of 10, then all to the primary. */
    static final List<String> PROMOTED_SPLITS = List.of(
            "web-primary=100,web-canary=0",
            "web-primary=90,web-canary=10",
            "web-primary=80,web-canary=20",
            "web-primary=70,web-canary=30",
            "web-primary=60,web-canary=40",
            "web-primary=50,web-canary=50",
            "web-primary=100,web-canary=0");

    private GatewayApiRun() {
    }

    /** Sets up the namespace and the canary; the caller starts the operator(s). */
    static void prepare(Cluster cluster, String caseName) {
        cluster.freshNamespace(caseName);
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.apply(caseName, "web.yaml", cluster.reference().gatewayApi().yaml());
    }
}
