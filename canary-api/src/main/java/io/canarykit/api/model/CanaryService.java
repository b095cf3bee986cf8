package io.canarykit.api.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.service}: the apex, primary and canary Services and the routing object built on
 * them. Istio-only settings ({@code trafficPolicy}, {@code retries}, {@code gateways},
 * {@code delegation}) and App Mesh ones ({@code meshName}, {@code backends}) are kept so that
 * manifests round-trip; {@code trafficPolicy} is kept verbatim as a JSON tree.
 */
public record CanaryService(
        @Nullable String name,
        @Nullable Integer port,
        @Nullable String portName,
        @Nullable IntOrString targetPort,
        @Nullable String appProtocol,
        @Nullable String trafficDistribution,
        @Nullable Boolean portDiscovery,
        @Nullable Boolean headless,
        @Nullable String timeout,
        @Nullable String backendTimeout,
        List<String> gateways,
        List<ParentReference> gatewayRefs,
        List<String> hosts,
        @Nullable Boolean delegation,
        Map<String, Object> trafficPolicy,
        List<HttpMatchRequest> match,
        @Nullable HttpRewrite rewrite,
        @Nullable HttpRetry retries,
        @Nullable Headers headers,
        List<RequestMirror> mirror,
        @Nullable CorsPolicy corsPolicy,
        @Nullable String meshName,
        List<String> backends,
        @Nullable CustomMetadata apex,
        @Nullable CustomMetadata primary,
        @Nullable CustomMetadata canary,
        @Nullable UnmanagedMetadata unmanagedMetadata) {

    public static final String DEFAULT_PORT_NAME = "http";
    public static final CanaryService EMPTY = ofPort(null);

    public CanaryService {
        gateways = Copies.list(gateways);
        gatewayRefs = Copies.list(gatewayRefs);
        hosts = Copies.list(hosts);
        trafficPolicy = Copies.map(trafficPolicy);
        match = Copies.list(match);
        mirror = Copies.list(mirror);
        backends = Copies.list(backends);
    }

    public static CanaryService ofPort(@Nullable Integer port) {
        return new CanaryService(null, port, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public String portNameOrDefault() {
        return portName == null || portName.isEmpty() ? DEFAULT_PORT_NAME : portName;
    }

    /** The target port: as set, else the service port. */
    public IntOrString targetPortOrDefault() {
        if (targetPort != null && !(targetPort.isInt() && targetPort.intValue() == 0)) {
            return targetPort;
        }
        return IntOrString.of(port == null ? 0 : port);
    }

    public boolean isPortDiscovery() {
        return Boolean.TRUE.equals(portDiscovery);
    }

    public boolean isHeadless() {
        return Boolean.TRUE.equals(headless);
    }

    public CustomMetadata apexOrEmpty() {
        return apex == null ? CustomMetadata.EMPTY : apex;
    }

    public CustomMetadata primaryOrEmpty() {
        return primary == null ? CustomMetadata.EMPTY : primary;
    }

    public CustomMetadata canaryOrEmpty() {
        return canary == null ? CustomMetadata.EMPTY : canary;
    }
}
