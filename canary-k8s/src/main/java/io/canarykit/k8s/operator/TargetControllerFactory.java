package io.canarykit.k8s.operator;

import io.canarykit.api.spi.TargetController;
import java.time.Clock;

/**
 * Builds the target controller of one more target kind once the operator's caches and extra
 * informers exist (a Knative Service, read from an informer the plugin registered with
 * {@link CanaryOperator.Builder#extraInformer}).
 */
@FunctionalInterface
public interface TargetControllerFactory {

    TargetController create(OperatorContext context, Clock clock);
}
