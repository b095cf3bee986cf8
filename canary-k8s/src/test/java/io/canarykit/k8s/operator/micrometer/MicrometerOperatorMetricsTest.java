package io.canarykit.k8s.operator.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.engine.WebhookCall;
import io.canarykit.k8s.operator.OperatorMetrics;
import io.canarykit.core.manifest.ManifestReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MicrometerOperatorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerOperatorMetrics metrics = MicrometerOperatorMetrics.of(registry);

    private static Canary canary(CanaryPhase phase, int weight) {
        Canary c = (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: shop}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web-app}
                  service: {port: 80}
                  analysis: {interval: 1m, stepWeight: 10}
                """, "test").resourcesOrThrow().get(0);
        return c.withStatus(c.status().toBuilder().phase(phase).canaryWeight(weight).build());
    }

    private static TickResult result(Canary canary, Routes routes, List<CheckResult> checks) {
        return new TickResult(canary, true, routes, List.of(), checks, List.of(), List.of(), Duration.ofMinutes(1));
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void recordsFlaggersMetricsWithFlaggersLabels() {
        metrics.info("0.1.0", "kubernetes");
        metrics.canaryTotals(Map.of("shop", 2));
        CheckResult check = new CheckResult("error-rate", "q", 0.4, null, 1.0, Verdict.PASS, "ok");
        TickResult analysing = result(canary(CanaryPhase.PROGRESSING, 20), new Routes(80, 20, false), List.of(check));
        metrics.tick(CanaryPhase.PROGRESSING, analysing);
        metrics.analysed(analysing, Duration.ofMillis(30));

        assertThat(gauge("flagger.info", "version", "0.1.0", "mesh_provider", "kubernetes")).isEqualTo(1);
        assertThat(gauge("flagger.canary.total", "namespace", "shop")).isEqualTo(2);
        assertThat(gauge("flagger.canary.status", "name", "web-app", "namespace", "shop")).isZero();
        assertThat(gauge("flagger.canary.weight", "workload", "web-app-primary", "namespace", "shop")).isEqualTo(80);
        assertThat(gauge("flagger.canary.weight", "workload", "web-app", "namespace", "shop")).isEqualTo(20);
        assertThat(gauge("flagger.canary.metric.analysis", "name", "web-app", "namespace", "shop", "metric", "error-rate"))
                .isEqualTo(0.4);
        assertThat(registry.get("flagger.canary.duration").tags("name", "web-app", "namespace", "shop").timer().count()).isEqualTo(1);

        metrics.tick(CanaryPhase.FINALISING, result(canary(CanaryPhase.SUCCEEDED, 0), null, List.of()));
        metrics.tick(CanaryPhase.SUCCEEDED, result(canary(CanaryPhase.SUCCEEDED, 0), null, List.of()));
        metrics.tick(CanaryPhase.PROGRESSING, result(canary(CanaryPhase.FAILED, 0), null, List.of()));
        metrics.canaryTotals(Map.of());

        String[] outcome = {"name", "web-app", "namespace", "shop", "deployment_strategy", "canary", "analysis_status", "completed"};
        assertThat(registry.get("flagger.canary.successes").tags(outcome).counter().count()).as("counted once").isEqualTo(1);
        assertThat(registry.get("flagger.canary.failures").tags(outcome).counter().count()).isEqualTo(1);
        assertThat(gauge("flagger.canary.status", "name", "web-app", "namespace", "shop")).isEqualTo(2);
        assertThat(gauge("flagger.canary.total", "namespace", "shop")).as("an emptied namespace reads 0").isZero();
        assertThat(registry.get("flagger.canary.duration").tags("name", "web-app", "namespace", "shop").timer().count())
                .as("ticks outside the analysis are not timed").isEqualTo(1);
    }

    @Test
    void onlyTicksThatReachTheAnalysisSectionAreTimed() {
        Instant earlier = Instant.parse("2025-01-01T00:00:00Z");
        Instant now = earlier.plusSeconds(60);
        Canary progressing = canary(CanaryPhase.PROGRESSING, 10);
        Canary analysed = progressing.withStatus(progressing.status().toBuilder().lastAnalysisAt(now).build());
        Canary notAnalysed = progressing.withStatus(progressing.status().toBuilder().lastAnalysisAt(earlier).build());
        CheckResult check = new CheckResult("error-rate", "q", 0.4, null, 1.0, Verdict.PASS, "ok");

        assertThat(OperatorMetrics.reachedAnalysis(earlier, result(analysed, null, List.of())))
                .as("a new lastAnalysisAt: the first analysis tick, without hooks or checks").isTrue();
        assertThat(OperatorMetrics.reachedAnalysis(earlier, result(notAnalysed, null, List.of())))
                .as("a tick that returned before the analysis (canary not ready, idle)").isFalse();
        assertThat(OperatorMetrics.reachedAnalysis(null, result(canary(CanaryPhase.INITIALIZED, 0), null, List.of())))
                .as("an initializing tick").isFalse();
        assertThat(OperatorMetrics.reachedAnalysis(earlier, result(notAnalysed, null, List.of(check)))).as("a metric check").isTrue();
        assertThat(OperatorMetrics.reachedAnalysis(earlier, withHook(notAnalysed, WebhookType.ROLLOUT))).isTrue();
        assertThat(OperatorMetrics.reachedAnalysis(earlier, withHook(notAnalysed, WebhookType.CONFIRM_TRAFFIC_INCREASE))).isTrue();
        assertThat(OperatorMetrics.reachedAnalysis(null, withHook(canary(CanaryPhase.WAITING, 0), WebhookType.CONFIRM_ROLLOUT)))
                .as("confirm-rollout gates the start, before the analysis").isFalse();
        assertThat(OperatorMetrics.reachedAnalysis(null, withHook(canary(CanaryPhase.SUCCEEDED, 0), WebhookType.POST_ROLLOUT)))
                .isFalse();
    }

    private static TickResult withHook(Canary canary, WebhookType type) {
        return new TickResult(canary, true, null, List.of(), List.of(), List.of(new WebhookCall("hook", type, 200, true, "ok")),
                List.of(), Duration.ofMinutes(1));
    }

    /** Micrometer is optional: nothing outside this package may refer to it. */
    @Test
    void onlyTheMicrometerPackageRefersToMicrometer() throws IOException {
        Path classes = Path.of("target/classes/io/canarykit/k8s");
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> !p.getParent().endsWith("micrometer"))
                    .filter(MicrometerOperatorMetricsTest::mentionsMicrometer).toList();
            assertThat(offenders).isEmpty();
        }
        assertThat(mentionsMicrometer(classes.resolve("operator/micrometer/MicrometerOperatorMetrics.class")))
                .as("the check can see a reference").isTrue();
    }

    private static boolean mentionsMicrometer(Path classFile) {
        try (InputStream in = Files.newInputStream(classFile)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains("io/micrometer");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
