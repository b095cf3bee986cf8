package io.canarykit.benchmarks.jmh;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.benchmarks.ReferenceCanary;
import io.canarykit.benchmarks.Strategy;
import io.canarykit.core.engine.TemplateRenderer;
import io.canarykit.core.engine.TemplateVariables;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The public parts of a tick, one at a time: a template metric's variables and rendered query, a
 * builtin metric's query chosen and rendered, a status built. The event texts are made inside the
 * engine ({@code TickReporter} is package-private), so they are measured only as part of
 * {@link TickBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TickPartsBenchmark {

    private final PrometheusBuiltinMetrics builtins = new PrometheusBuiltinMetrics();
    private Canary canary;
    private CanaryMetric errorRate;
    private CanaryMetric requestDuration;
    private String errorRateQuery;
    private TemplateVariables variables;
    private CanaryStatus status;
    private Instant now;

    @Setup
    public void reference() {
        canary = ReferenceCanary.of("web", Strategy.CANARY, 2);
        errorRate = canary.analysis().metrics().get(0);
        requestDuration = canary.analysis().metrics().get(1);
        MetricTemplate template = ReferenceCanary.errorRateTemplate();
        errorRateQuery = template.spec().query();
        variables = TemplateVariables.of(canary, errorRate);
        status = CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(10).build();
        now = Instant.parse("2026-01-01T00:00:00Z");
    }

    @Benchmark
    public TemplateVariables templateVariables() {
        return TemplateVariables.of(canary, errorRate);
    }

    @Benchmark
    public TemplateRenderer.Rendered renderTemplateQuery() {
        return TemplateRenderer.render(errorRateQuery, variables);
    }

    /** The reference's request-duration: the observer's query chosen, then rendered for this canary. */
    @Benchmark
    public TemplateRenderer.Rendered builtinQuery() {
        BuiltinQuery query = builtins.query(requestDuration.name(), "gatewayapi", "Deployment").orElseThrow();
        return TemplateRenderer.render(query.template(), TemplateVariables.of(canary, requestDuration));
    }

    /** A weight step's status: the fields a steady analysis tick changes. */
    @Benchmark
    public CanaryStatus buildStatus() {
        return status.toBuilder().canaryWeight(20).lastAnalysisAt(now).failedChecks(0).build();
    }
}
