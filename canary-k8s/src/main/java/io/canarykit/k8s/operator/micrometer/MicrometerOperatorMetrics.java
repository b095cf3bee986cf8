package io.canarykit.k8s.operator.micrometer;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.operator.OperatorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Flagger's controller metrics ({@code pkg/metrics/recorder.go}), same names and labels once
 * exported by a Prometheus registry: {@code flagger_info{version,mesh_provider}},
 * {@code flagger_canary_total{namespace}}, {@code flagger_canary_status{name,namespace}} (0
 * Progressing, 2 Failed, 1 otherwise), {@code flagger_canary_weight{workload,namespace}} (the
 * primary as {@code <target>-primary}, the canary as {@code <target>}),
 * {@code flagger_canary_duration_seconds{name,namespace}} (histogram, Prometheus' default buckets; the
 * ticks that reached the analysis section only, see {@link OperatorMetrics#reachedAnalysis}),
 * {@code flagger_canary_metric_analysis{name,namespace,metric}} and the counters
 * {@code flagger_canary_successes_total} / {@code flagger_canary_failures_total}
 * {@code {name,namespace,deployment_strategy,analysis_status}}. {@code name} is the target's name,
 * as in Flagger. Export with {@code micrometer-registry-prometheus-simpleclient}: the Prometheus
 * 1.x client behind {@code micrometer-registry-prometheus} renames the gauge
 * {@code flagger_canary_total} to {@code flagger_canary} (it keeps {@code _total} for counters only).
 */
public final class MicrometerOperatorMetrics implements OperatorMetrics {

    /** Prometheus' default histogram buckets, which Flagger's duration histogram uses. */
    private static final Duration[] DEFAULT_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<List<String>, AtomicLong> gauges = new ConcurrentHashMap<>();

    private MicrometerOperatorMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public static MicrometerOperatorMetrics of(MeterRegistry registry) {
        return new MicrometerOperatorMetrics(registry);
    }

    @Override
    public void info(String version, String defaultProvider) {
        gauge(1, "flagger.info", "version", version, "mesh_provider", defaultProvider);
    }

    @Override
    public void canaryTotals(Map<String, Integer> perNamespace) {
        // Namespaces that no longer have canaries drop to 0, as Flagger's gauge does.
        gauges.keySet().stream().filter(k -> k.get(0).equals("flagger.canary.total"))
                .filter(k -> !perNamespace.containsKey(k.get(2)))
                .forEach(k -> gauges.get(k).set(Double.doubleToLongBits(0)));
        perNamespace.forEach((namespace, count) -> gauge(count, "flagger.canary.total", "namespace", namespace));
    }

    @Override
    public void tick(@Nullable CanaryPhase before, TickResult result) {
        Canary canary = result.canary();
        String name = canary.spec().targetRef().name();
        String namespace = canary.namespace();
        CanaryPhase phase = canary.status().phase();
        gauge(phase == CanaryPhase.PROGRESSING ? 0 : phase == CanaryPhase.FAILED ? 2 : 1,
                "flagger.canary.status", "name", name, "namespace", namespace);
        Routes routes = result.appliedRoutes().orElse(null);
        if (routes != null || !gauges.containsKey(List.of("flagger.canary.weight", "workload", name, "namespace", namespace))) {
            int canaryWeight = routes == null ? canary.status().canaryWeight() : routes.canaryWeight();
            int primaryWeight = routes == null ? 100 - canaryWeight : routes.primaryWeight();
            gauge(primaryWeight, "flagger.canary.weight", "workload", canary.spec().primaryTargetName(), "namespace", namespace);
            gauge(canaryWeight, "flagger.canary.weight", "workload", name, "namespace", namespace);
        }
        for (CheckResult check : result.checks()) {
            if (check.value() != null) {
                gauge(check.value(), "flagger.canary.metric.analysis", "name", name, "namespace", namespace, "metric", check.metric());
            }
        }
        String strategy = canary.analysis().strategy().wireName();
        String analysis = canary.spec().isSkipAnalysis() ? "skipped" : "completed";
        if (phase == CanaryPhase.SUCCEEDED && before != CanaryPhase.SUCCEEDED) {
            outcome("flagger.canary.successes", name, namespace, strategy, analysis);
        } else if (phase == CanaryPhase.FAILED && before != CanaryPhase.FAILED) {
            outcome("flagger.canary.failures", name, namespace, strategy, analysis);
        }
    }

    /** Times the ticks that reached the analysis section only ({@link OperatorMetrics#reachedAnalysis}), as Flagger does. */
    @Override
    public void analysed(TickResult result, Duration took) {
        Canary canary = result.canary();
        Timer.builder("flagger.canary.duration").description("Seconds spent performing canary analysis.")
                .tags("name", canary.spec().targetRef().name(), "namespace", canary.namespace())
                .serviceLevelObjectives(DEFAULT_BUCKETS).register(registry).record(took);
    }

    private void outcome(String meter, String name, String namespace, String strategy, String analysis) {
        Counter.builder(meter).tags("name", name, "namespace", namespace, "deployment_strategy", strategy,
                "analysis_status", analysis).register(registry).increment();
    }

    /** Sets the gauge {@code meter} with these tags, registering it on first use. */
    private void gauge(double value, String meter, String... tags) {
        List<String> key = new ArrayList<>(List.of(meter));
        key.addAll(List.of(tags));
        AtomicLong holder = gauges.computeIfAbsent(List.copyOf(key), k -> {
            AtomicLong bits = new AtomicLong();
            Gauge.builder(meter, bits, b -> Double.longBitsToDouble(b.get())).tags(tags).register(registry);
            return bits;
        });
        holder.set(Double.doubleToLongBits(value));
    }
}
