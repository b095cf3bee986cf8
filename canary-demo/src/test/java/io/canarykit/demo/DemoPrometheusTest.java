package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.prometheus.PrometheusMetricProvider;
import io.canarykit.testkit.prometheus.PrometheusServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code canary demo --prometheus} against a real Prometheus that scrapes the demo's pods every
 * second through the targets file: the checks' numbers come from Prometheus, not from the router.
 * Each run spends ~6 s waiting for the first two scrapes (file_sd's 5 s hand-over), then runs in
 * real time at the shortest interval a 1 s scrape allows (2 s).
 */
class DemoPrometheusTest {

    private static final Pattern ERROR_RATE = Pattern.compile("error-rate ([0-9.]+) > 1 ✗");

    /** The demo's own scrape config: a 1 s file_sd job on the targets file it writes. */
    @RegisterExtension
    static final PrometheusServerExtension PROMETHEUS = PrometheusServerExtension.scraping(dir ->
            new MetricsBackend.Prometheus(URI.create("http://127.0.0.1:1"), targets(dir)).scrapeConfig());

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path targets(Path dir) {
        return dir.resolve("canary-demo-targets.json");
    }

    @Test
    void aV2ThatFailsOneRequestInFiveIsRolledBackOnErrorRatesReadFromPrometheus() throws Exception {
        assertThat(run("demo", "--scenario", "bad", "--interval", "2s", "--prometheus", PROMETHEUS.url(),
                "--targets-file", targets(PROMETHEUS.workDir()).toString())).as(out + "\n" + err).isEqualTo(1);

        assertThat(out.toString()).contains("file_sd_configs:", "- files: ['" + targets(PROMETHEUS.workDir()).toAbsolutePath() + "']",
                "Prometheus " + PROMETHEUS.url() + " scrapes the pods every 1s and answers their series",
                "Rolling back web.prod failed checks threshold reached 3");
        List<String> ticks = out.toString().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(ticks).extracting(DemoPrometheusTest::phaseAndWeight).containsExactly(
                "Progressing weight 0", "Progressing weight 10", "Progressing weight 10", "Progressing weight 10", "Failed weight 0");
        // Every fifth canary request fails; Prometheus's last scrape may miss the last few, hence "near" 20.
        List<Double> errorRates = ticks.stream().map(ERROR_RATE::matcher).filter(Matcher::find).map(m -> Double.parseDouble(m.group(1)))
                .toList();
        assertThat(errorRates).hasSize(3).allSatisfy(rate -> assertThat(rate).isBetween(10.0, 30.0));
        assertThat(errorRates.get(2)).isBetween(15.0, 25.0);
        // Prometheus really holds the canary's 500s, and the demo took its pods out of the targets file at the end.
        MetricResult errors;
        try (PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults()) {
            errors = provider.query(MetricQuery.now(new MetricSource("prod", MetricTemplateProvider.prometheus(PROMETHEUS.url())),
                    "max_over_time(http_requests_total{kubernetes_pod_name=\"web-7d9c8b6f5-x2k4p\",status=\"500\"}[5m])"));
        }
        assertThat(errors).isInstanceOfSatisfying(MetricResult.Value.class, v -> assertThat(v.value()).isPositive());
        assertThat(Files.readString(targets(PROMETHEUS.workDir()))).isEqualTo("[]\n");
    }

    @Test
    void anIntervalShorterThanTwoScrapesIsRefused() {
        assertThat(run("demo", "--interval", "1s", "--prometheus", PROMETHEUS.url(), "--targets-file",
                targets(PROMETHEUS.workDir()).toString())).isEqualTo(2);

        assertThat(err.toString()).contains("--interval 1s is shorter than two scrape intervals (Prometheus scrapes the pods every 1s)",
                "use --interval 2s or more");
    }

    @Test
    void prometheusWithoutATargetsFileIsAUsageError() {
        assertThat(run("demo", "--prometheus", PROMETHEUS.url())).isEqualTo(2);

        assertThat(err.toString()).contains("--prometheus and --targets-file go together");
    }

    private static String phaseAndWeight(String line) {
        String[] words = line.substring(line.indexOf(']') + 1).trim().split("\\s+");
        return words[1] + " " + words[2] + " " + words[3];
    }

    private int run(String... args) {
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }
}
