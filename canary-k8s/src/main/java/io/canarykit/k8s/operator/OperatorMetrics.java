package io.canarykit.k8s.operator;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.TickResult;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Receives what the operator measures. The operator itself depends on no metrics library; the
 * Micrometer implementation ({@code io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics})
 * is loaded only when the embedder passes it, so Micrometer stays an optional dependency.
 */
public interface OperatorMetrics {

    OperatorMetrics NOOP = new OperatorMetrics() {
    };

    /** Once at start: the operator's version and its default provider. */
    default void info(String version, String defaultProvider) {
    }

    /** Canaries per namespace, after every change of the Canary informer. */
    default void canaryTotals(Map<String, Integer> perNamespace) {
    }

    /** One tick ran: the phase before it, its result (with the new status) and how long it took. */
    default void tick(@Nullable CanaryPhase before, TickResult result, Duration took) {
    }
}
