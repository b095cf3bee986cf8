package io.canarykit.testkit.benchmark;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookResult;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cost of one steady analysis tick: nanoseconds and bytes allocated per tick of the reference
 * canary ({@code examples/manifests/web.yaml}: a template metric, a builtin metric and a load-test
 * rollout hook), held in WaitingPromotion by a denying confirm-promotion hook so that every tick
 * runs the hook and both checks. The SPIs are in-memory and answer at once; the metric provider
 * and webhook client answer constants instead of recording each call (the testkit's scripted fakes
 * keep every call, which would grow the heap and bill the harness's memory to the engine).
 * A plain main, not a timed test. Run after {@code test-compile} (see SimulationBenchmark):
 *
 * <pre>
 * java -cp "canary-testkit/target/test-classes:canary-testkit/target/classes:$(cat canary-testkit/target/benchmark.cp)" \
 *     io.canarykit.testkit.benchmark.EngineTickHarness [ticks] [rounds]
 * </pre>
 */
public final class EngineTickHarness {

    /** Built once, as a real provider's queries are constants. */
    private static final Map<String, BuiltinQuery> BUILTINS = Map.of(
            "request-success-rate", builtin("request-success-rate"), "request-duration", builtin("request-duration"));

    private EngineTickHarness() {
    }

    private static BuiltinQuery builtin(String metric) {
        return new BuiltinQuery("harness",
                "harness_metric{metric=\"" + metric + "\",namespace=\"{{ namespace }}\",target=\"{{ target }}\"}[{{ interval }}]", 1);
    }

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String yaml = Files.readString(Path.of("examples/manifests/web.yaml"))
                .replace("    webhooks:\n", "    webhooks:\n      - name: approve-promotion\n        type: confirm-promotion\n"
                        + "        url: http://hooks.test/approve\n");
        List<CanaryResource> resources = ManifestReader.read(yaml, "web.yaml").resourcesOrThrow();
        Canary canary = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
        List<MetricTemplate> templates = resources.stream().filter(MetricTemplate.class::isInstance).map(MetricTemplate.class::cast)
                .toList();

        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        FakeTargetController target = new FakeTargetController();
        CanaryEngine engine = CanaryEngine.builder()
                .clock(clock)
                .trafficRouter(new RecordingTrafficRouter())
                .targetController(target)
                .metricProviders(MetricProviderRegistry.of(new ConstantMetrics()))
                .builtinMetrics((metric, provider, kind) -> Optional.ofNullable(BUILTINS.get(metric)))
                .store(new InMemoryCanaryStore().applyAll(templates))
                .webhookClient(denyPromotion())
                .build();

        Canary current = engine.tick(canary).canary();
        target.shipRevision("v2");
        for (int i = 0; i < 20 && current.status().phase() != CanaryPhase.WAITING_PROMOTION; i++) {
            TickResult result = engine.tick(current);
            current = result.canary();
            clock.add(result.rescheduleAfter());
        }
        if (current.status().phase() != CanaryPhase.WAITING_PROMOTION) {
            throw new IllegalStateException("the reference canary did not reach WaitingPromotion: " + current.status().phase());
        }

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        double[] nanosPerTick = new double[rounds];
        double[] bytesPerTick = new double[rounds];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long checks = 0;
            long bytes = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            for (int i = 0; i < ticks; i++) {
                TickResult result = engine.tick(current);
                current = result.canary();
                checks += result.checks().size();
                clock.add(result.rescheduleAfter());
            }
            long elapsed = System.nanoTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - bytes;
            if (checks != 2L * ticks || current.status().phase() != CanaryPhase.WAITING_PROMOTION) {
                throw new IllegalStateException("every steady tick must run both checks: " + checks + " checks in " + ticks + " ticks, phase "
                        + current.status().phase());
            }
            if (round >= 0) {
                nanosPerTick[round] = (double) elapsed / ticks;
                bytesPerTick[round] = (double) allocated / ticks;
                System.out.printf("round %d: %.2f µs/tick, %.0f bytes allocated/tick%n", round, nanosPerTick[round] / 1000,
                        bytesPerTick[round]);
            }
        }
        // Per-tick latencies, each tick timed on its own (the array is allocated before, so nothing is billed to the engine).
        long[] latencies = new long[ticks];
        for (int i = 0; i < ticks; i++) {
            long start = System.nanoTime();
            TickResult result = engine.tick(current);
            latencies[i] = System.nanoTime() - start;
            current = result.canary();
            clock.add(result.rescheduleAfter());
        }
        java.util.Arrays.sort(latencies);
        System.out.printf("per-tick latency over %d ticks: p50 %.2f µs, p90 %.2f µs, p99 %.2f µs%n", ticks, latencies[ticks / 2] / 1000.0,
                latencies[ticks * 9 / 10] / 1000.0, latencies[ticks * 99 / 100] / 1000.0);
        java.util.Arrays.sort(nanosPerTick);
        java.util.Arrays.sort(bytesPerTick);
        System.out.printf("median of %d rounds of %d ticks: %.2f µs/tick, %.0f bytes allocated/tick%n", rounds, ticks,
                nanosPerTick[rounds / 2] / 1000, bytesPerTick[rounds / 2]);
    }

    private static WebhookClient denyPromotion() {
        WebhookResult approve = new WebhookResult.Answered(200, "");
        WebhookResult deny = new WebhookResult.Answered(403, "not yet");
        return (hook, payload) -> hook.is(WebhookType.CONFIRM_PROMOTION) ? deny : approve;
    }

    /** Prometheus answering 0.5 to everything: inside both ranges (error rate ≤ 1%, duration ≤ 500ms). */
    private static final class ConstantMetrics implements MetricProvider {
        private final MetricResult answer = MetricResult.value(0.5);

        @Override
        public String type() {
            return "prometheus";
        }

        @Override
        public MetricResult query(MetricQuery query) {
            return answer;
        }

        @Override
        public Availability isOnline(MetricSource source) {
            return Availability.ONLINE;
        }
    }
}
