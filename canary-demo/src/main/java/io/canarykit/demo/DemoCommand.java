package io.canarykit.demo;

import static io.canarykit.cli.CanaryCli.NEGATIVE;
import static io.canarykit.cli.CanaryCli.OK;
import static io.canarykit.cli.CanaryCli.USAGE_OR_IO;

import io.canarykit.api.model.GoDuration;
import io.canarykit.cli.CliCommand;
import io.canarykit.testkit.report.TimelineReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canary demo [--scenario good|bad] [--interval DURATION] [--report FILE.html]
 * [--prometheus URL --targets-file FILE]} (DESIGN §6): the reference canary, real HTTP on 127.0.0.1,
 * no cluster. Exit 0 after a promotion, 1 after a rollback (or a run that did not finish), 2 on a
 * usage or I/O error, or when the given Prometheus does not scrape the demo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the new version was promoted",
            "1:it was rolled back",
            "2:usage or I/O error (or the given Prometheus does not scrape the demo)"},
        description = {"Runs the reference canary against real HTTP services on 127.0.0.1: v1, v2, a weighted router and a load tester.",
            "",
            "With --prometheus, v1 and v2 expose /metrics and the checks query that Prometheus with the real Prometheus provider."
                + " The demo's ports change every run, so it lists them in a file_sd targets file (--targets-file) that the"
                + " Prometheus must watch, for example:",
            "  scrape_configs:",
            "    - job_name: canary-demo",
            "      scrape_interval: 1s",
            "      file_sd_configs:",
            "        - files: ['/tmp/canary-demo-targets.json']",
            "The demo waits until both pods were scraped twice (about 7s: Prometheus hands new file_sd targets to its scrapers"
                + " every 5s) and needs --interval of at least two scrape intervals; the queries use the reference's 1m rate windows."})
public final class DemoCommand extends CliCommand {

    @Option(names = "--scenario", paramLabel = "good|bad", defaultValue = "good",
            description = "good: v2 is healthy and gets promoted; bad: v2 answers 20%% of requests with HTTP 500 and is rolled back.")
    private String scenario = "good";

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s",
            description = "The analysis interval (Go duration, at least 1s; the reference canary says 1m). Default: ${DEFAULT-VALUE}.")
    private String interval = "2s";

    @Option(names = "--sequential", description = "Add CanaryKit's sequential error-rate test (Wald's SPRT, checked every second"
            + " between the analyses, with steady background load): a bad v2 is rolled back as soon as the evidence is strong.")
    private boolean sequential;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report.")
    private @Nullable Path report;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "Query this Prometheus (e.g. http://127.0.0.1:9090) instead of computing the metrics in process; needs --targets-file.")
    private @Nullable URI prometheus;

    @Option(names = "--targets-file", paramLabel = "FILE",
            description = "With --prometheus: the file_sd targets file to list v1 and v2 in while the demo runs (emptied at the end).")
    private @Nullable Path targetsFile;


    @Override
    protected int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        DemoSettings settings;
        try {
            settings = new DemoSettings(DemoSettings.Scenario.valueOf(scenario.toUpperCase(Locale.ROOT)), GoDuration.parse(interval),
                    metrics(), sequential);
        } catch (IllegalArgumentException e) {
            err.println("canary demo: " + (e.getMessage() != null && e.getMessage().startsWith("No enum")
                    ? "--scenario must be good or bad, got " + scenario : e.getMessage()));
            return USAGE_OR_IO;
        }
        out.println("canary demo: prod/web (examples/manifests/web.yaml) with interval " + interval + ", v2 "
                + (settings.scenario() == DemoSettings.Scenario.GOOD ? "healthy" : "answering 20% of requests with HTTP 500")
                + "; v1, v2, router and load tester on 127.0.0.1");
        if (settings.metrics() instanceof MetricsBackend.Prometheus p) {
            out.println("metrics: queried from Prometheus " + p.url() + " (the error-rate template's address replaced by it), which must"
                    + " scrape the targets in " + p.targetsFile().toAbsolutePath() + ", e.g. with this prometheus.yml entry:");
            p.scrapeConfig().lines().forEach(line -> out.println("  " + line));
        }
        out.flush();
        int threshold = DemoCanary.reference().canary().analysis().thresholdOrDefault();
        DemoResult result;
        try {
            result = new DemoRun(settings, Clock.systemUTC(), tick -> {
                out.println(DemoOutput.progress(tick, threshold));
                out.flush();
            }, note -> {
                out.println(note);
                out.flush();
            }).run();
        } catch (DemoSetupException | UncheckedIOException e) {
            err.println("canary demo: " + e.getMessage());
            return USAGE_OR_IO;
        }
        DemoOutput.summary(out, result);
        if (report != null) {
            try {
                TimelineReport.write(result.timeline(), report);
                out.println("report: " + report);
            } catch (IOException e) {
                err.println("canary demo: " + report + ": cannot write the report: " + e.getMessage());
                return USAGE_OR_IO;
            }
        }
        return result.promoted() ? OK : NEGATIVE;
    }

    private MetricsBackend metrics() {
        if (prometheus == null && targetsFile == null) {
            return MetricsBackend.RECORDED;
        }
        if (prometheus == null || targetsFile == null) {
            throw new IllegalArgumentException("--prometheus and --targets-file go together: the Prometheus finds the demo's"
                    + " ephemeral ports in the targets file");
        }
        return new MetricsBackend.Prometheus(prometheus, targetsFile);
    }
}
