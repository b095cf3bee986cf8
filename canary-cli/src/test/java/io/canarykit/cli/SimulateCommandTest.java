package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    private static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");
    private static final Set<String> TICK_FIELDS = Set.of("tick", "at", "phase", "canaryWeight", "primaryWeight", "mirrored",
            "failedChecks", "iterations", "checks", "webhooks", "events");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theReferenceCanaryIsPromotedOneLinePerTick() {
        assertThat(run("simulate", "--canary", REFERENCE.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(
                "t+0s  Progressing  weight 0",
                "t+1m  Progressing  weight 10",
                "t+2m  Progressing  weight 20  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓",
                "t+3m  Progressing  weight 30  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓",
                "t+4m  Progressing  weight 40  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓",
                "t+5m  Progressing  weight 50  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓",
                "t+6m  Promoting  weight 50  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓",
                "t+7m  Finalising  weight 0",
                "t+8m  Succeeded  weight 0",
                "result Succeeded after 9 ticks (t+8m)");
    }

    @Test
    void aBadErrorRateRollsBackAndExitsOne() throws IOException {
        Path scenario = write("bad.yaml", "metrics:\n  error-rate: [0.4, 20]\n");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", scenario.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                "t+0s  Progressing  weight 0",
                "t+1m  Progressing  weight 10",
                "t+2m  Progressing  weight 20  request-duration 250ms ≤ 500ms ✓  error-rate 0.4 ≤ 1 ✓",
                "t+3m  Progressing  weight 20  failed checks 1/3  request-duration 250ms ≤ 500ms ✓  error-rate 20 > 1 ✗",
                "t+4m  Progressing  weight 20  failed checks 2/3  request-duration 250ms ≤ 500ms ✓  error-rate 20 > 1 ✗",
                "t+5m  Failed  weight 0  request-duration 250ms ≤ 500ms ✓  error-rate 20 > 1 ✗",
                "result Failed after 6 ticks (t+5m)");
    }

    @Test
    void jsonFollowsTheContract() throws IOException {
        Path scenario = write("bad.yaml", "metrics:\n  error-rate: [0.2, 20]\n");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", scenario.toString(), "--json")).isEqualTo(1);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("canary").asText()).isEqualTo("prod/web");
        assertThat(root.get("result").asText()).isEqualTo("Failed");
        JsonNode ticks = root.get("ticks");
        assertThat(ticks).hasSize(6);
        List<Integer> canaryWeights = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            List<String> fields = new ArrayList<>();
            tick.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsAll(TICK_FIELDS);
            assertThat(tick.get("tick").isInt()).isTrue();
            assertThat(tick.get("tick").asInt()).isEqualTo(i);
            assertThat(tick.get("at").asText()).isEqualTo("PT" + (i == 0 ? "0S" : i + "M"));
            assertThat(tick.get("mirrored").isBoolean()).isTrue();
            assertThat(tick.get("canaryWeight").asInt() + tick.get("primaryWeight").asInt()).isEqualTo(100);
            canaryWeights.add(tick.get("canaryWeight").asInt());
            for (JsonNode check : tick.get("checks")) {
                assertThat(check.has("metric") && check.has("value") && check.has("min") && check.has("max")
                        && check.has("verdict")).isTrue();
            }
            for (JsonNode hook : tick.get("webhooks")) {
                assertThat(hook.get("name").asText()).isEqualTo("load-test");
                assertThat(hook.get("type").asText()).isEqualTo("rollout");
                assertThat(hook.get("status").asInt()).isEqualTo(200);
            }
            for (JsonNode event : tick.get("events")) {
                assertThat(event.get("type").asText()).isIn("Normal", "Warning");
                assertThat(event.get("message").isTextual()).isTrue();
            }
        }
        assertThat(canaryWeights).containsExactly(0, 10, 20, 20, 20, 0);
        assertThat(ticks.get(5).get("phase").asText()).isEqualTo("Failed");
        assertThat(ticks.get(4).get("failedChecks").asInt()).isEqualTo(2);
        JsonNode failed = ticks.get(5).get("checks").get(1);
        assertThat(failed.get("metric").asText()).isEqualTo("error-rate");
        assertThat(failed.get("value").asDouble()).isEqualTo(20.0);
        assertThat(failed.get("min").isNull()).isTrue();
        assertThat(failed.get("max").asDouble()).isEqualTo(1.0);
        assertThat(failed.get("verdict").asText()).isEqualTo("fail");
        assertThat(ticks.get(2).get("checks").get(1).get("verdict").asText()).isEqualTo("pass");
        assertThat(ticks.get(0).get("events").get(0).get("message").asText()).isEqualTo("New revision detected! Scaling up web.prod");
    }

    @Test
    void writesTheHtmlReport() throws IOException {
        Path report = dir.resolve("report.html");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--report", report.toString())).isZero();
        assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg", "Promotion completed!");
    }

    @Test
    void templatesMayComeFromTheirOwnFiles() throws IOException {
        String[] docs = Files.readString(REFERENCE).split("(?m)^---$");
        Path template = write("template.yaml", docs[0]);
        Path canary = write("canary.yaml", docs[1]);

        assertThat(run("simulate", "--canary", canary.toString(), "--templates", template.toString())).isZero();
        assertThat(run("simulate", "--canary", canary.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("error-rate error ✗").endsWith("result Failed after 5 ticks (t+4m)" + System.lineSeparator());
    }

    @Test
    void aCanaryThatDoesNotFinishWithinMaxTicksExitsOne() throws IOException {
        Path scenario = write("slow.yaml", "maxTicks: 3\n");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", scenario.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).hasSize(4).last().isEqualTo("result Progressing: not finished after 3 ticks");
    }

    @Test
    void anInvalidManifestExitsOneWithItsViolations() throws IOException {
        Path web = write("web.yaml", Files.readString(REFERENCE).replace("stepWeight: 10", "stepWeight: 0"));

        assertThat(run("simulate", "--canary", web.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(web + ": spec.analysis.stepWeight: must be between 1 and 100, got 0");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void usageAndIoErrorsExitTwo() throws IOException {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(run("simulate", "--canary", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", dir.resolve("none.yaml").toString()))
                .isEqualTo(2);
        Path typo = write("typo.yaml", "metric:\n  error-rate: [1]\n");
        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", typo.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(typo + ": metric: unknown key");
        write("blocker", "a file where the report's directory should be");
        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--json", "--report",
                dir.resolve("blocker/r.html").toString())).isEqualTo(2);
        assertThat(out.toString()).as("nothing on standard output to mistake for a result").isEmpty();
    }

    @Test
    void aReportInADirectoryThatDoesNotExistYetIsWritten() {
        Path report = dir.resolve("reports/today/r.html");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--report", report.toString())).isZero();
        assertThat(report).isRegularFile();
    }

    @Test
    void aScenarioNamingNoMetricOfTheCanaryIsAUsageErrorThatNamesTheKnownOnes() throws IOException {
        Path typo = write("typo.yaml", "metrics:\n  error_rate: [20]\n");

        assertThat(run("simulate", "--canary", REFERENCE.toString(), "--scenario", typo.toString())).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("canary: " + typo + ": scenario metric \"error_rate\" is not a metric of canary "
                + "web.prod (did you mean \"error-rate\"? known: error-rate, request-duration)" + System.lineSeparator());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
