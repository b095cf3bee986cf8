package io.canarykit.k8s.operator;

import io.canarykit.api.spi.TrafficRouter;

/**
 * Builds the traffic router of one provider once the operator's caches exist. The operator puts
 * the Kubernetes Service router in front of it, so a mesh router only shifts traffic; a router
 * registered with {@link CanaryOperator.Builder#standaloneTrafficRouter} stands alone.
 */
@FunctionalInterface
public interface RouterFactory {

    TrafficRouter create(OperatorContext context);
}
