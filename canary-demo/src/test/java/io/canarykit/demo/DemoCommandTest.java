package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo end to end, in real time with the shortest interval the engine accepts. */
class DemoCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aHealthyV2IsPromoted() throws Exception {
        Path report = dir.resolve("good.html");

        assertThat(run("demo", "--scenario", "good", "--interval", "1s", "--report", report.toString())).isZero();

        List<String> ticks = out.toString().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(ticks).extracting(DemoCommandTest::phaseAndWeight).containsExactly(
                "Progressing weight 0", "Progressing weight 10", "Progressing weight 20", "Progressing weight 30",
                "Progressing weight 40", "Progressing weight 50", "Promoting weight 50", "Finalising weight 0",
                "Succeeded weight 0");
        assertThat(out.toString()).contains("error-rate 0 ≤ 1 ✓", "Promotion completed!", "(0 answered 5xx)")
                .doesNotContain("time to rollback");
        assertThat(Files.readString(report)).contains("<svg", "prod/web");
    }

    @Test
    void aV2ThatFailsOneRequestInFiveIsRolledBackAfterThreeFailedChecks() {
        assertThat(run("demo", "--scenario", "bad", "--interval", "1s")).isEqualTo(1);

        List<String> ticks = out.toString().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(ticks).extracting(DemoCommandTest::phaseAndWeight).containsExactly(
                "Progressing weight 0", "Progressing weight 10", "Progressing weight 10", "Progressing weight 10",
                "Failed weight 0");
        assertThat(ticks.get(4)).contains("error-rate 20 > 1 ✗");
        assertThat(out.toString()).contains("Rolling back web.prod failed checks threshold reached 3", "time to rollback: ");
    }

    @Test
    void theSequentialTestRollsABadV2BackBeforeTheFirstFullAnalysisFails() {
        assertThat(run("demo", "--scenario", "bad", "--sequential")).isEqualTo(1);

        List<String> ticks = out.toString().lines().filter(l -> l.startsWith("[")).toList();
        String last = ticks.get(ticks.size() - 1);
        assertThat(last).contains("Failed", "error-sprt").endsWith("✗");
        assertThat(out.toString()).contains("Rolling back web.prod sequential test error-sprt rejected the canary", "time to rollback: ")
                .doesNotContain("threshold reached");
        // Rolled back while the per-interval checks had not failed three times.
        assertThat(ticks).noneMatch(t -> t.contains("failed checks 2/3"));
    }

    @Test
    void sequentialDoesNotGoWithPrometheus() {
        assertThat(run("demo", "--sequential", "--prometheus", "http://127.0.0.1:1", "--targets-file", dir.resolve("t.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--sequential");
    }

    @Test
    void anIntervalBelowOneSecondIsAUsageError() {
        assertThat(run("demo", "--interval", "500ms")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 1s");
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
