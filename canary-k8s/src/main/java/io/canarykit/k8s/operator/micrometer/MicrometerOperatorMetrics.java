package io.canarykit.k8s.operator.micrometer;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.operator.OperatorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
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
 * as in Flagger, and {@code metric_analysis} of the builtin {@code request-duration} is in seconds,
 * as Flagger writes it. With the Prometheus 1.x client behind {@code micrometer-registry-prometheus},
 * which allows {@code _total} on counters only, {@code flagger_canary_total} is exported as a counter
 * (same name and value; Flagger's is a gauge). {@link FlaggerScrape} makes a scrape read exactly as
 * Flagger's Go client writes these series.
 */
public final class MicrometerOperatorMetrics implements OperatorMetrics {

    /** Prometheus' default histogram buckets, which Flagger's duration histogram uses. */
    private static final Duration[] DEFAULT_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10)};

    // Flagger's names and help texts (pkg/metrics/recorder.go).
    private static final FlaggerMeter INFO = new FlaggerMeter("flagger.info", "Flagger version and mesh provider information");
    private static final FlaggerMeter DURATION = new FlaggerMeter("flagger.canary.duration", "Seconds spent performing canary analysis.");
    private static final FlaggerMeter TOTAL = new FlaggerMeter("flagger.canary.total", "Total number of canary object");
    private static final FlaggerMeter STATUS = new FlaggerMeter("flagger.canary.status", "Last canary analysis result");
    private static final FlaggerMeter WEIGHT = new FlaggerMeter("flagger.canary.weight",
            "The virtual service destination weight current value");
    private static final FlaggerMeter ANALYSIS = new FlaggerMeter("flagger.canary.metric.analysis",
            "Last canary analysis result per metric");
    private static final FlaggerMeter SUCCESSES = new FlaggerMeter("flagger.canary.successes", "Total number of canary successes");
    private static final FlaggerMeter FAILURES = new FlaggerMeter("flagger.canary.failures", "Total number of canary failures");

    /** A meter's Micrometer name and Flagger's help text. */
    private record FlaggerMeter(String name, String help) {
    }

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
        gauge(1, INFO, "version", version, "mesh_provider", defaultProvider);
    }

    @Override
    public void canaryTotals(Map<String, Integer> perNamespace) {
        // Namespaces that no longer have canaries drop to 0, as Flagger's gauge does.
        gauges.keySet().stream().filter(k -> k.get(0).equals(TOTAL.name()))
                .filter(k -> !perNamespace.containsKey(k.get(2)))
                .forEach(k -> gauges.get(k).set(Double.doubleToLongBits(0)));
        perNamespace.forEach((namespace, count) -> gauge(count, TOTAL, "namespace", namespace));
    }

    @Override
    public void tick(@Nullable CanaryPhase before, TickResult result) {
        Canary canary = result.canary();
        String name = canary.spec().targetRef().name();
        String namespace = canary.namespace();
        CanaryPhase phase = canary.status().phase();
        gauge(phase == CanaryPhase.PROGRESSING ? 0 : phase == CanaryPhase.FAILED ? 2 : 1, STATUS, "name", name,
                "namespace", namespace);
        Routes routes = result.appliedRoutes().orElse(null);
        if (routes != null || !gauges.containsKey(List.of(WEIGHT.name(), "workload", name, "namespace", namespace))) {
            int canaryWeight = routes == null ? canary.status().canaryWeight() : routes.canaryWeight();
            int primaryWeight = routes == null ? 100 - canaryWeight : routes.primaryWeight();
            gauge(primaryWeight, WEIGHT, "workload", canary.spec().primaryTargetName(), "namespace", namespace);
            gauge(canaryWeight, WEIGHT, "workload", name, "namespace", namespace);
        }
        for (CheckResult check : result.checks()) {
            if (check.value() != null) {
                gauge(flaggerUnits(canary, check), ANALYSIS, "name", name, "namespace", namespace, "metric", check.metric());
            }
        }
        String strategy = canary.analysis().strategy().wireName();
        if (phase == CanaryPhase.SUCCEEDED && before != CanaryPhase.SUCCEEDED) {
            // Flagger writes "skipped" for a promotion without analysis only; every failure is "completed".
            outcome(SUCCESSES, name, namespace, strategy, canary.spec().isSkipAnalysis() ? "skipped" : "completed");
        } else if (phase == CanaryPhase.FAILED && before != CanaryPhase.FAILED) {
            outcome(FAILURES, name, namespace, strategy, "completed");
        }
    }

    /** The value as Flagger records it: the builtin request duration in seconds ({@code val.Seconds()}), not ms. */
    private static double flaggerUnits(Canary canary, CheckResult check) {
        boolean duration = canary.analysis().metrics().stream()
                .anyMatch(m -> m.name().equals(check.metric()) && m.isBuiltin() && CanaryMetric.REQUEST_DURATION.equals(m.name()));
        return duration ? check.value() / 1000 : check.value();
    }

    /** Times the ticks that reached the analysis section only ({@link OperatorMetrics#reachedAnalysis}), as Flagger does. */
    @Override
    public void analysed(TickResult result, Duration took) {
        Canary canary = result.canary();
        Timer.builder(DURATION.name()).description(DURATION.help())
                .tags("name", canary.spec().targetRef().name(), "namespace", canary.namespace())
                .serviceLevelObjectives(DEFAULT_BUCKETS).register(registry).record(took);
    }

    private void outcome(FlaggerMeter meter, String name, String namespace, String strategy, String analysis) {
        Counter.builder(meter.name()).description(meter.help()).tags("name", name, "namespace", namespace,
                "deployment_strategy", strategy, "analysis_status", analysis).register(registry).increment();
    }

    /** Sets the gauge {@code meter} with these tags, registering it on first use. */
    private void gauge(double value, FlaggerMeter meter, String... tags) {
        List<String> key = new ArrayList<>(List.of(meter.name()));
        key.addAll(List.of(tags));
        AtomicLong holder = gauges.computeIfAbsent(List.copyOf(key), k -> {
            AtomicLong bits = new AtomicLong();
            register(meter, bits, tags);
            return bits;
        });
        holder.set(Double.doubleToLongBits(value));
    }

    private void register(FlaggerMeter meter, AtomicLong bits, String... tags) {
        NamingConvention naming = registry.config().namingConvention();
        if (meter.name().endsWith(".total") && !naming.name(meter.name(), Meter.Type.GAUGE).endsWith("_total")) {
            // The registry reserves _total for counters: a function counter keeps Flagger's series name.
            FunctionCounter.builder(meter.name(), bits, b -> Double.longBitsToDouble(b.get())).description(meter.help())
                    .tags(tags).register(registry);
            return;
        }
        Gauge.builder(meter.name(), bits, b -> Double.longBitsToDouble(b.get())).description(meter.help()).tags(tags)
                .register(registry);
    }
}
