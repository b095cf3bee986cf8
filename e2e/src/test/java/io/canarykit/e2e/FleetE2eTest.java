package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.GoDuration;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fleet on one operator: {@code E2E_FLEET_CANARIES} (100) reference canaries, each on its own
 * Deployment, in a steady analysis (blue/green iterations, both metrics and the load-test hook every
 * {@code E2E_FLEET_INTERVAL}, 10s). After {@code E2E_FLEET_WARM_UP} (0) analyses per canary, over a window of
 * {@code E2E_FLEET_ANALYSES} (3) more, it measures what a tick
 * costs: the operator's own count of its API requests by verb and resource
 * ({@code canarykit_kubernetes_requests_total} on its {@code /metrics}), its CPU time as the kernel
 * counts it, and its heap. In steady state a tick reads nothing from the API server (the informers
 * hold it) and writes the Canary's status once; the figures go to {@code fleet.json} in the case's
 * artifacts.
 */
@ExtendWith(Cluster.Extension.class)
class FleetE2eTest {

    /** The canaries' analysis interval: 10s in CI, 1m for the figure the operator's target is stated at. */
    static final String INTERVAL = System.getenv().getOrDefault("E2E_FLEET_INTERVAL", "10s");
    private static final Duration INTERVAL_DURATION = GoDuration.parse(INTERVAL);
    private static final int CANARIES = Integer.parseInt(System.getenv().getOrDefault("E2E_FLEET_CANARIES", "100"));
    /** Analyses per canary in the measured window; more for a figure past the JIT's warm-up (a benchmark run), 3 in CI. */
    private static final int ANALYSES = Integer.parseInt(System.getenv().getOrDefault("E2E_FLEET_ANALYSES", "3"));
    /** Analyses per canary before the window opens, so that the JIT's warm-up stays out of it (a benchmark run); none in CI. */
    private static final int WARM_UP = Integer.parseInt(System.getenv().getOrDefault("E2E_FLEET_WARM_UP", "0"));
    private static final Duration SETUP = Duration.ofMinutes(5);
    private static final Pattern REQUESTS = Pattern.compile(
            "^canarykit_kubernetes_requests_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern JIT = Pattern.compile("^jvm_compilation_time_ms_total\\{[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    @Test
    @DisplayName("17 fleet: 100 canaries in analysis on one operator; a steady tick reads nothing and writes the status once (requests by verb, CPU, heap)")
    void steadyTicksOfAFleet(Cluster cluster) throws IOException {
        String name = "17-fleet";
        cluster.freshNamespace(name);
        ReferenceCanary reference = cluster.reference().canary(spec -> {
            Map<String, Object> analysis = ReferenceCanary.child(spec, "analysis");
            analysis.remove("stepWeight");
            analysis.remove("maxWeight");
            analysis.put("iterations", 1000);
            analysis.put("interval", INTERVAL);
        });
        var names = IntStream.range(0, CANARIES).mapToObj(i -> "web-" + i).toList();
        cluster.apply(name, "deployments.yaml", deployments(cluster, names, Cluster.OLD_IMAGE));
        cluster.apply(name, "canaries.yaml", reference.templateYaml() + "---\n"
                + names.stream().map(reference::canaryYaml).collect(Collectors.joining("---\n")));
        OperatorProcess operator = cluster.startOperator(name, Map.of(OperatorProcess.INFORMER_LOG_LEVEL, "info"));
        awaitEvery(cluster, "Initialized", 0);
        cluster.apply(name, "deployments-release.yaml", deployments(cluster, names, SeedVerificationE2eTest.NEW_IMAGE));
        Map<String, Long> started = awaitEvery(cluster, "Progressing", 1);
        if (WARM_UP > 0) {
            awaitAtLeast(cluster, started, WARM_UP);
        }

        Snapshot before = Snapshot.of(operator, iterations(cluster, "Progressing"));
        Snapshot after = Snapshot.of(operator, awaitAtLeast(cluster, before.iterationsByCanary(), ANALYSES));

        long ticks = after.iterations() - before.iterations();
        Map<String, Double> requests = new TreeMap<>();
        after.requests().forEach((key, count) -> {
            double delta = count - before.requests().getOrDefault(key, 0.0);
            if (delta > 0) {
                requests.put(key, delta);
            }
        });
        double seconds = (after.wallNanos() - before.wallNanos()) / 1e9;
        double cpuSeconds = (after.cpu().toNanos() - before.cpu().toNanos()) / 1e9;
        double jitSeconds = (after.jitMillis() - before.jitMillis()) / 1e3;
        String json = json(ticks, seconds, cpuSeconds, jitSeconds, after.heapBytes(), requests);
        Files.writeString(cluster.settings.caseDir(name).resolve("fleet.json"), json);
        System.out.println("fleet of " + CANARIES + ": " + json);

        assertThat(ticks).as("analysis ticks in the window").isGreaterThanOrEqualTo((long) ANALYSES * CANARIES);
        assertThat(sum(requests, "get")).as("GETs in steady state: %s", requests).isZero();
        assertThat(sum(requests, "list")).as("LISTs in steady state (a relist): %s", requests).isZero();
        assertThat(requests.getOrDefault("update canaries/status", 0.0) / ticks).as("status writes per tick: %s", requests)
                .isBetween(0.9, 1.1);
        assertThat(requests.values().stream().mapToDouble(Double::doubleValue).sum() / ticks)
                .as("API requests per tick: %s", requests).isLessThanOrEqualTo(2.5);
    }

    private static String deployments(Cluster cluster, java.util.List<String> names, String image) {
        return names.stream().map(n -> cluster.admin.getKubernetesSerialization().asYaml(cluster.web(n, image, 0.005)))
                .collect(Collectors.joining("---\n"));
    }

    /** Waits until every canary is in {@code phase} with at least {@code iterations}; their iterations then. */
    private static Map<String, Long> awaitEvery(Cluster cluster, String phase, long iterations) {
        return Awaitility.await("every canary " + phase).atMost(SETUP).pollInterval(Duration.ofSeconds(1))
                .until(() -> iterations(cluster, phase), found -> found.size() == CANARIES
                        && found.values().stream().allMatch(i -> i >= iterations));
    }

    /** Waits until every canary has made {@code more} analyses since {@code from}. */
    private static Map<String, Long> awaitAtLeast(Cluster cluster, Map<String, Long> from, long more) {
        Duration patience = SETUP.plus(INTERVAL_DURATION.multipliedBy(2 * more));
        return Awaitility.await("every canary " + more + " more analyses").atMost(patience).pollInterval(Duration.ofSeconds(1))
                .until(() -> iterations(cluster, "Progressing"), found -> found.size() == CANARIES
                        && found.entrySet().stream().allMatch(e -> e.getValue() >= from.getOrDefault(e.getKey(), Long.MAX_VALUE) + more));
    }

    /** The iterations of the canaries in {@code phase}, by name, as the admin (not the operator) reads them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> iterations(Cluster cluster, String phase) {
        Map<String, Long> found = new TreeMap<>();
        for (GenericKubernetesResource canary : cluster.admin.genericKubernetesResources("flagger.app/v1beta1", "Canary")
                .inNamespace(cluster.namespace()).list().getItems()) {
            Map<String, Object> status = (Map<String, Object>) canary.getAdditionalProperties().getOrDefault("status", Map.of());
            if (phase.equals(status.get("phase"))) {
                found.put(canary.getMetadata().getName(), ((Number) status.getOrDefault("iterations", 0)).longValue());
            }
        }
        return found;
    }

    private static double sum(Map<String, Double> requests, String verb) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(verb + " ")).mapToDouble(Map.Entry::getValue).sum();
    }

    private static String json(long ticks, double seconds, double cpuSeconds, double jitSeconds, double heapBytes,
            Map<String, Double> requests) {
        String perTick = requests.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "\"%s\": %.3f", e.getKey(), e.getValue() / ticks))
                .collect(Collectors.joining(", ", "{", "}"));
        return String.format(Locale.ROOT, "{\"canaries\": %d, \"interval\": \"%s\", \"ticks\": %d, \"seconds\": %.1f, "
                        + "\"operatorCpuPercentOfOneCore\": %.2f, \"cpuMillisPerTick\": %.3f, \"jitCompilerSecondsInWindow\": %.2f, "
                        + "\"cpuMillisPerTickOutsideJit\": %.3f, "
                        + "\"heapUsedMiB\": %.1f, \"requestsPerTick\": %s}%n",
                CANARIES, INTERVAL, ticks, seconds, 100 * cpuSeconds / seconds, 1000 * cpuSeconds / ticks, jitSeconds,
                1000 * (cpuSeconds - jitSeconds) / ticks, heapBytes / (1 << 20), perTick);
    }

    /** What the operator has done so far: its request counts by "verb resource[/subresource]", CPU time, heap; the canaries' iterations. */
    private record Snapshot(Map<String, Double> requests, Duration cpu, double jitMillis, double heapBytes,
            Map<String, Long> iterationsByCanary, long wallNanos) {

        long iterations() {
            return iterationsByCanary.values().stream().mapToLong(Long::longValue).sum();
        }

        static Snapshot of(OperatorProcess operator, Map<String, Long> iterations) {
            String scrape = operator.metrics().orElseThrow(() -> new AssertionError("the operator's /metrics did not answer"));
            Map<String, Double> requests = new TreeMap<>();
            Matcher m = REQUESTS.matcher(scrape);
            while (m.find()) {
                Map<String, String> labels = labels(m.group(1));
                String sub = labels.getOrDefault("subresource", "");
                requests.merge(labels.get("verb") + " " + labels.get("resource") + (sub.isEmpty() ? "" : "/" + sub),
                        Double.parseDouble(m.group(2)), Double::sum);
            }
            double heap = 0;
            Matcher h = HEAP.matcher(scrape);
            while (h.find()) {
                heap += Double.parseDouble(h.group(1));
            }
            Matcher jit = JIT.matcher(scrape);
            return new Snapshot(requests, operator.cpuTime(), jit.find() ? Double.parseDouble(jit.group(1)) : 0, heap, iterations,
                    System.nanoTime());
        }

        private static Map<String, String> labels(String text) {
            Map<String, String> labels = new TreeMap<>();
            Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            return labels;
        }
    }
}
