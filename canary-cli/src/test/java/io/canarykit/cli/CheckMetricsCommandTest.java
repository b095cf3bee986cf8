package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.testkit.prometheus.OpenMetricsHistory;
import io.canarykit.testkit.prometheus.PrometheusServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code canary check-metrics} against a real Prometheus holding a recorded history of the reference canary. */
class CheckMetricsCommandTest {

    private static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");
    private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);
    private static final OpenMetricsHistory HISTORY = OpenMetricsHistory.starting(T0, Duration.ofSeconds(15), 20);

    @RegisterExtension
    static final PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.withHistory(history());

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The reference canary `web` in `prod` at 0.5% 5xx and P99 235 ms; `shop` at 20% 5xx. */
    private static String history() {
        for (String[] pod : new String[][] {{"web-5d8f7c9b4-abcde", "199", "1"}, {"shop-7f6d5c4b3-vwxyz", "80", "20"}}) {
            String labels = "namespace=\"prod\",kubernetes_pod_name=\"" + pod[0] + "\",status=";
            HISTORY.counter("http_requests", labels + "\"200\"", Integer.parseInt(pod[1]))
                    .counter("http_requests", labels + "\"500\"", Integer.parseInt(pod[2]))
                    .histogram("http_request_duration_seconds",
                            "kubernetes_namespace=\"prod\",kubernetes_pod_name=\"" + pod[0] + "\"",
                            List.of("0.05", "0.1", "0.25", "+Inf"), List.of(50, 90, 100, 100), 10);
        }
        return HISTORY.toOpenMetrics();
    }

    private int run(String... args) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aHealthyCanaryPassesEveryCheckAgainstLiveData() {
        int exit = run("check-metrics", "--canary", REFERENCE.toString(), "--prometheus", PROMETHEUS.url(),
                "--time", HISTORY.end().toString());

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "request-duration 235ms ≤ 500ms ✓",
                "  query: histogram_quantile( 0.99, sum( rate( http_request_duration_seconds_bucket{ "
                        + "kubernetes_namespace=\"prod\", kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\" }[1m] ) ) by (le) )",
                "error-rate 0.5 ≤ 1 ✓",
                "  query: 100 - sum( rate(http_requests_total{namespace=\"prod\",kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\","
                        + "status!~\"5..\"}[1m]) ) / sum( rate(http_requests_total{namespace=\"prod\","
                        + "kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\"}[1m]) ) * 100");
    }

    @Test
    void templatesOfAPluginTypeAreQueriedThroughThePlugin() throws IOException {
        Path manifest = dir.resolve("constant.yaml");
        Files.writeString(manifest, String.join("---\n", PluginJar.manifests()));
        Path plugins = dir.resolve("plugins");
        PluginJar.write(plugins, dir.resolve("build"));

        int exit = run("check-metrics", "--canary", manifest.toString(), "--prometheus", PROMETHEUS.url(),
                "--plugin-path", plugins.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly("constant " + PluginJar.VALUE + " ≤ 1 ✓", "  query: anything");
    }

    @Test
    void aFailingCanaryReportsEveryCheckAsJsonAndExitsOne() throws IOException {
        Path shop = dir.resolve("shop.yaml");
        Files.writeString(shop, Files.readString(REFERENCE).replace("name: web\n", "name: shop\n"));

        int exit = run("check-metrics", "--canary", shop.toString(), "--prometheus", PROMETHEUS.url(), "--time",
                HISTORY.end().toString(), "--json");

        assertThat(exit).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("canary").asText()).isEqualTo("prod/shop");
        assertThat(json.get("checks")).hasSize(2);
        JsonNode duration = json.get("checks").get(0);
        assertThat(duration.get("metric").asText()).isEqualTo("request-duration");
        assertThat(duration.get("value").asDouble()).isEqualTo(235.0);
        assertThat(duration.get("verdict").asText()).isEqualTo("pass");
        JsonNode errorRate = json.get("checks").get(1);
        assertThat(errorRate.get("metric").asText()).isEqualTo("error-rate");
        assertThat(errorRate.get("value").asDouble()).isCloseTo(20.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(errorRate.get("min").isNull()).isTrue();
        assertThat(errorRate.get("max").asDouble()).isEqualTo(1.0);
        assertThat(errorRate.get("verdict").asText()).isEqualTo("fail");
        assertThat(errorRate.get("query").asText()).contains("shop-[0-9a-zA-Z]+");
        assertThat(errorRate.get("message").asText()).isEqualTo("Halt shop.prod advancement error-rate 20 > 1");
    }

    @Test
    void anUnreachablePrometheusIsAnIoErrorNotAVerdictOnTheCanary() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        int exit = run("check-metrics", "--canary", REFERENCE.toString(), "--prometheus", closed, "--json");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("canary: --prometheus " + closed + ": unreachable: ").hasLineCount(1);
    }

    @Test
    void theCommandAsRunPrintsOneLineOnStandardErrorWhenPrometheusIsUnreachable() throws Exception {
        String closed = "http://127.0.0.1:" + closedPort();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CanaryCli.class.getName(), "check-metrics", "--canary",
                REFERENCE.toString(), "--prometheus", closed).start();
        String stdout = new String(process.getInputStream().readAllBytes());
        String stderr = new String(process.getErrorStream().readAllBytes());

        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(stdout).isEmpty();
        assertThat(stderr.lines()).as("no log lines from the provider's retries").singleElement()
                .satisfies(line -> assertThat(line).startsWith("canary: --prometheus " + closed + ": unreachable: "));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aBadTimeIsAUsageError() {
        assertThat(run("check-metrics", "--canary", REFERENCE.toString(), "--prometheus", PROMETHEUS.url(), "--time",
                "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--time: not an RFC 3339 time: yesterday");
    }

    @Test
    void aPrometheusThatIsNotAnHttpUrlIsAUsageError() {
        assertThat(run("check-metrics", "--canary", REFERENCE.toString(), "--prometheus", "not a url")).isEqualTo(2);
        assertThat(err.toString()).contains("--prometheus: not an http(s) URL: not a url");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThat(run("check-metrics", "--canary", dir.resolve("nope.yaml").toString(), "--prometheus", PROMETHEUS.url()))
                .isEqualTo(2);
    }
}
