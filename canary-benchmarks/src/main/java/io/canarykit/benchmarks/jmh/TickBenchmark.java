package io.canarykit.benchmarks.jmh;

import io.canarykit.api.model.Canary;
import io.canarykit.benchmarks.ReferenceCanary;
import io.canarykit.benchmarks.SteadyEngine;
import io.canarykit.benchmarks.Strategy;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One steady analysis tick of the reference canary: the load-test hook, every metric rendered,
 * queried and judged, the strategy's step (a weight step, an iteration), the new status and the
 * events. Every invocation ticks the same canary, as stored one interval into its analysis, with
 * the clock one interval later: the engine takes the step from the stored status and the step is
 * due, so each tick does the whole analysis and step (the collaborators, {@link SteadyEngine},
 * answer healthy values); every iteration checks that the last tick still was one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TickBenchmark {

    private static final Duration INTERVAL = Duration.ofMinutes(1);

    @Param({"CANARY", "AB_TESTING", "BLUE_GREEN", "MIRRORING"})
    public Strategy strategy;

    @Param({"1", "2", "5", "10"})
    public int metrics;

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private CanaryEngine engine;
    private Canary canary;
    private TickResult last;

    @Setup(Level.Trial)
    public void intoAnalysis() {
        InMemoryCanaryStore store = new InMemoryCanaryStore().apply(ReferenceCanary.errorRateTemplate());
        SteadyEngine steady = new SteadyEngine(strategy, clock, store);
        engine = steady.engine();
        canary = steady.intoAnalysis(ReferenceCanary.of("web", strategy, metrics), () -> clock.add(INTERVAL));
        clock.add(INTERVAL);
    }

    @Benchmark
    public TickResult tick() {
        last = engine.tick(canary);
        return last;
    }

    @TearDown(Level.Iteration)
    public void stillAnalysing() {
        SteadyEngine.requireSteady(last);
    }
}
