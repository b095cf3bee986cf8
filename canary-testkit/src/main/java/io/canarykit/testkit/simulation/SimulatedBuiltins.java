package io.canarykit.testkit.simulation;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import java.util.Optional;

/**
 * Builtin metric queries for simulations: one distinct query per builtin metric, answered in the
 * threshold's unit (scale 1), so that a scenario's {@code request-duration: [210]} means 210ms.
 */
final class SimulatedBuiltins implements BuiltinMetrics {

    static final String OBSERVER = "simulation";

    static String template(String metricName) {
        return "canarykit_simulated{metric=\"" + metricName + "\",namespace=\"{{ namespace }}\",target=\"{{ target }}\"}";
    }

    @Override
    public Optional<BuiltinQuery> query(String metricName, String provider, String targetKind) {
        if (!CanaryMetric.BUILTIN_NAMES.contains(metricName)) {
            return Optional.empty();
        }
        return Optional.of(new BuiltinQuery(OBSERVER, template(metricName), 1));
    }
}
