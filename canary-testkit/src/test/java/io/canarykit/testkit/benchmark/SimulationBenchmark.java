package io.canarykit.testkit.benchmark;

import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.core.manifest.ManifestReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How long 1,000 simulated ticks take: the reference canary held in WaitingPromotion by a denying
 * confirm-promotion hook, so that every tick runs the load-test hook and both metric checks. A
 * plain main, not a timed unit test (performance claims do not belong in pass/fail tests). Run:
 *
 * <pre>
 * ./mvnw -q -pl canary-testkit -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/benchmark.cp -Dmdep.includeScope=test
 * java -cp "canary-testkit/target/test-classes:canary-testkit/target/classes:$(cat canary-testkit/target/benchmark.cp)" \
 *     io.canarykit.testkit.benchmark.SimulationBenchmark [path/to/web.yaml]
 * </pre>
 */
public final class SimulationBenchmark {

    private static final int TICKS = 1_000;
    private static final int WARMUP = 30;
    private static final int RUNS = 20;

    private SimulationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String yaml = Files.readString(Path.of(args.length > 0 ? args[0] : "examples/manifests/web.yaml"))
                .replace("    webhooks:\n", "    webhooks:\n      - name: approve-promotion\n        type: confirm-promotion\n"
                        + "        url: http://hooks.test/approve\n");
        Simulation simulation = Simulation.fromManifests(
                ManifestReader.read(yaml, "web.yaml").resourcesOrThrow());
        Scenario held = Scenario.defaults().webhook("approve-promotion", 403).withMaxTicks(TICKS);
        long checks = 0;
        for (int i = 0; i < WARMUP; i++) {
            checks += simulation.run(held).ticks().size();
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            Timeline timeline = simulation.run(held);
            nanos[i] = System.nanoTime() - start;
            if (timeline.ticks().size() != TICKS) {
                throw new IllegalStateException("expected " + TICKS + " ticks, got " + timeline.ticks().size());
            }
            checks += timeline.ticks().size();
        }
        Arrays.sort(nanos);
        System.out.printf("%d ticks per simulation: median %.1f ms, min %.1f ms, max %.1f ms (%d runs after %d warm-up; %d ticks total)%n",
                TICKS, nanos[RUNS / 2] / 1e6, nanos[0] / 1e6, nanos[RUNS - 1] / 1e6, RUNS, WARMUP, checks);
    }
}
