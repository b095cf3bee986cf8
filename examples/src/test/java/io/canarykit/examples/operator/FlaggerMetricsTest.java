package io.canarykit.examples.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.operator.micrometer.FlaggerScrape;
import io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator's {@code /metrics} against Flagger's recorder, series by series, with both Prometheus
 * registries users run: Micrometer's simpleclient registry and its Prometheus-client-1.x registry.
 * The expectations quote Flagger's {@code pkg/metrics/recorder.go} (v1.44, Apache-2.0, The Flux authors).
 */
class FlaggerMetricsTest {

    /** recorder.go: {@code Buckets: prometheus.DefBuckets}, as client_golang writes the bounds. */
    private static final List<String> DEF_BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
            "5", "10", "+Inf");

    @Test
    void theSimpleclientRegistryWritesFlaggersSeries() {
        var registry = new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
        Scrape scrape = record(registry, registry::scrape);

        assertFlaggersSeries(scrape);
        assertThat(scrape.type("flagger_canary_total")).isEqualTo("gauge");
    }

    @Test
    void thePrometheusClientOneRegistryWritesFlaggersSeriesWithTheTotalAsACounter() {
        var registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        Scrape scrape = record(registry, registry::scrape);

        assertFlaggersSeries(scrape);
        // The 1.x client reserves _total for counters; the name is kept, the type differs (documented).
        assertThat(scrape.type("flagger_canary_total")).isEqualTo("counter");
    }

    @Test
    void withoutTheRewriteTheJavaClientsWriteBoundsAsJavaDoubles() {
        var registry = new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
        feed(MicrometerOperatorMetrics.of(registry));

        assertThat(registry.scrape()).contains("le=\"1.0\"").contains("flagger_canary_duration_seconds_max");
    }

    private static void assertFlaggersSeries(Scrape scrape) {
        // SetInfo: GaugeVec "info" {version, mesh_provider}, Set(1)
        assertThat(scrape.value("flagger_info{mesh_provider=\"kubernetes\",version=\"0.1.0\"}")).isEqualTo(1);
        assertThat(scrape.type("flagger_info")).isEqualTo("gauge");
        assertThat(scrape.help("flagger_info")).isEqualTo("Flagger version and mesh provider information");
        // SetTotal: GaugeVec "canary_total" {namespace}
        assertThat(scrape.value("flagger_canary_total{namespace=\"shop\"}")).isEqualTo(1);
        assertThat(scrape.help("flagger_canary_total")).isEqualTo("Total number of canary object");
        // SetStatus: GaugeVec "canary_status" {name, namespace}; 0 - running, 1 - successful, 2 - failed
        assertThat(scrape.value("flagger_canary_status{name=\"web-app\",namespace=\"shop\"}")).isEqualTo(2);
        assertThat(scrape.help("flagger_canary_status")).isEqualTo("Last canary analysis result");
        // SetWeight: GaugeVec "canary_weight" {workload, namespace}, "<target>-primary" and "<target>"
        assertThat(scrape.value("flagger_canary_weight{namespace=\"shop\",workload=\"web-app-primary\"}")).isEqualTo(80);
        assertThat(scrape.value("flagger_canary_weight{namespace=\"shop\",workload=\"web-app\"}")).isEqualTo(20);
        assertThat(scrape.help("flagger_canary_weight")).isEqualTo("The virtual service destination weight current value");
        // SetAnalysis: GaugeVec "canary_metric_analysis" {name, namespace, metric};
        // scheduler_metrics.go: SetAnalysis(canary, metric.Name, val.Seconds()) for request-duration
        assertThat(scrape.value("flagger_canary_metric_analysis{metric=\"request-duration\",name=\"web-app\",namespace=\"shop\"}"))
                .isEqualTo(0.25);
        assertThat(scrape.value("flagger_canary_metric_analysis{metric=\"error-rate\",name=\"web-app\",namespace=\"shop\"}"))
                .isEqualTo(0.4);
        assertThat(scrape.help("flagger_canary_metric_analysis")).isEqualTo("Last canary analysis result per metric");
        // SetDuration: HistogramVec "canary_duration_seconds" {name, namespace}, DefBuckets, Observe(duration.Seconds())
        assertThat(scrape.type("flagger_canary_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.help("flagger_canary_duration_seconds")).isEqualTo("Seconds spent performing canary analysis.");
        assertThat(scrape.bounds("flagger_canary_duration_seconds_bucket")).containsExactlyElementsOf(DEF_BUCKETS);
        assertThat(scrape.value("flagger_canary_duration_seconds_count{name=\"web-app\",namespace=\"shop\"}")).isEqualTo(1);
        assertThat(scrape.value("flagger_canary_duration_seconds_sum{name=\"web-app\",namespace=\"shop\"}")).isEqualTo(0.03);
        // IncSuccesses/IncFailures: CounterVec "canary_successes_total"/"canary_failures_total"
        // {name, namespace, deployment_strategy, analysis_status}; scheduler.go writes "skipped" for a promotion
        // without analysis (shouldSkipAnalysis) and "completed" for every failure (rollback).
        assertThat(scrape.value("flagger_canary_successes_total{analysis_status=\"skipped\",deployment_strategy=\"canary\","
                + "name=\"web-app\",namespace=\"shop\"}")).isEqualTo(1);
        assertThat(scrape.value("flagger_canary_failures_total{analysis_status=\"completed\",deployment_strategy=\"canary\","
                + "name=\"web-app\",namespace=\"shop\"}")).isEqualTo(1);
        assertThat(scrape.type("flagger_canary_successes_total")).isEqualTo("counter");
        assertThat(scrape.help("flagger_canary_failures_total")).isEqualTo("Total number of canary failures");
        assertThat(scrape.families()).as("Flagger's eight families and nothing else")
                .containsExactlyInAnyOrder("flagger_info", "flagger_canary_duration_seconds", "flagger_canary_total",
                        "flagger_canary_status", "flagger_canary_weight", "flagger_canary_metric_analysis",
                        "flagger_canary_successes_total", "flagger_canary_failures_total");
    }

    /** A promoted-without-analysis run, then a failed run of a skipAnalysis canary, scraped through the operator's rewrite. */
    private static Scrape record(MeterRegistry registry, Supplier<String> scrape) {
        feed(MicrometerOperatorMetrics.of(registry));
        return Scrape.parse(FlaggerScrape.asFlaggerWrites(scrape.get()));
    }

    private static void feed(MicrometerOperatorMetrics metrics) {
        metrics.info("0.1.0", "kubernetes");
        metrics.canaryTotals(Map.of("shop", 1));
        Canary canary = canary(false);
        List<CheckResult> checks = List.of(new CheckResult("request-duration", "q", 250.0, null, 500.0, Verdict.PASS, "ok"),
                new CheckResult("error-rate", "q", 0.4, null, 1.0, Verdict.PASS, "ok"));
        TickResult analysing = tick(canary, CanaryPhase.PROGRESSING, new Routes(80, 20, false), checks);
        metrics.tick(CanaryPhase.PROGRESSING, analysing);
        metrics.analysed(analysing, Duration.ofMillis(30));
        Canary skipping = canary(true);
        metrics.tick(CanaryPhase.PROGRESSING, tick(skipping, CanaryPhase.SUCCEEDED, null, List.of()));
        metrics.tick(CanaryPhase.PROGRESSING, tick(skipping, CanaryPhase.FAILED, null, List.of()));
    }

    private static Canary canary(boolean skipAnalysis) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: shop}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web-app}
                  service: {port: 80}
                  skipAnalysis: %s
                  analysis:
                    interval: 1m
                    stepWeight: 10
                    metrics:
                      - {name: request-duration, thresholdRange: {max: 500}}
                      - {name: error-rate, templateRef: {name: error-rate}, thresholdRange: {max: 1}}
                """.formatted(skipAnalysis), "test").resourcesOrThrow().get(0);
    }

    private static TickResult tick(Canary canary, CanaryPhase phase, Routes routes, List<CheckResult> checks) {
        Canary after = canary.withStatus(canary.status().toBuilder().phase(phase).canaryWeight(routes == null ? 0 : routes.canaryWeight())
                .build());
        return new TickResult(after, true, routes, List.of(), checks, List.of(), List.of(), Duration.ofMinutes(1));
    }

    /** A Prometheus text exposition: per series (name and sorted labels, without a trailing comma) its value. */
    private record Scrape(Map<String, Double> samples, Map<String, String> types, Map<String, String> helps, List<String> lines) {

        private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Scrape parse(String text) {
            Map<String, Double> samples = new LinkedHashMap<>();
            Map<String, String> types = new LinkedHashMap<>();
            Map<String, String> helps = new LinkedHashMap<>();
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    types.put(parts[0], parts[1]);
                } else if (line.startsWith("# HELP ")) {
                    String rest = line.substring(7);
                    int space = rest.indexOf(' ');
                    helps.put(rest.substring(0, space), rest.substring(space + 1).strip());
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    Matcher m = SAMPLE.matcher(line);
                    assertThat(m.matches()).as("a sample line: " + line).isTrue();
                    samples.put(key(m.group(1), m.group(2)), Double.parseDouble(m.group(3)));
                    lines.add(line);
                }
            }
            return new Scrape(samples, types, helps, lines);
        }

        private static String key(String name, String labels) {
            Map<String, String> sorted = new TreeMap<>();
            if (labels != null) {
                Matcher m = LABEL.matcher(labels);
                while (m.find()) {
                    sorted.put(m.group(1), m.group(2));
                }
            }
            if (sorted.isEmpty()) {
                return name;
            }
            StringBuilder key = new StringBuilder(name).append('{');
            sorted.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
            key.setLength(key.length() - 1);
            return key.append('}').toString();
        }

        double value(String series) {
            assertThat(samples).as("series " + series).containsKey(series);
            return samples.get(series);
        }

        String type(String family) {
            return types.get(family);
        }

        String help(String family) {
            return helps.get(family);
        }

        List<String> families() {
            return List.copyOf(types.keySet());
        }

        /** The {@code le} values of a bucket series, in the order written. */
        List<String> bounds(String bucket) {
            Pattern le = Pattern.compile("le=\"([^\"]+)\"");
            return lines.stream().filter(l -> l.startsWith(bucket + "{")).map(le::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
        }
    }
}
