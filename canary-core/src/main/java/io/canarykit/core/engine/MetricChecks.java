package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.TargetController;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dry run of one analysis check: every metric of a canary rendered, queried and judged exactly as
 * the engine would, without stopping at the first failure and without touching the canary. What
 * {@code canary check-metrics} runs against live data.
 */
public final class MetricChecks {

    private final MetricEvaluator evaluator;
    private final String defaultProvider;

    private MetricChecks(MetricEvaluator evaluator, String defaultProvider) {
        this.evaluator = evaluator;
        this.defaultProvider = defaultProvider;
    }

    public static MetricChecks of(MetricProviderRegistry providers, BuiltinMetrics builtins, CanaryStore store,
            String metricsServer, String defaultProvider) {
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        return new MetricChecks(new MetricEvaluator(providers, builtins, store, metricsServer, TargetController.NOOP), defaultProvider);
    }

    /** Every metric's check, in the engine's order; {@code at} is the evaluation time, absent for "now". */
    public List<CheckResult> checkAll(Canary canary, @Nullable Instant at) {
        return evaluator.evaluate(canary, MetricEvaluator.observer(canary, defaultProvider), at, at, false);
    }
}
