package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aValidFileExitsZeroWithOk() {
        assertThat(run("validate", REFERENCE.toString())).isZero();
        assertThat(out.toString()).isEqualTo("OK " + REFERENCE + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aBrokenFilePrintsEachViolationAndExitsOne() throws IOException {
        Path web = dir.resolve("web.yaml");
        Files.writeString(web, Files.readString(REFERENCE).replace("stepWeight: 10", "stepWeight: 0")
                .replace("threshold: 3\n", "threshold: 3\n    colour: blue\n"));

        assertThat(run("validate", web.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                web + ": spec.analysis.colour: warning: unknown field, ignored",
                web + ": spec.analysis.stepWeight: must be between 1 and 100, got 0");
    }

    @Test
    void warningsAloneKeepAFileValid() throws IOException {
        Path web = dir.resolve("web.yaml");
        Files.writeString(web, Files.readString(REFERENCE).replace("interval: 1m\n    threshold", "interval: 5s\n    threshold"));

        assertThat(run("validate", web.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(
                web + ": spec.analysis.interval: warning: is below 10s, got 5s; Flagger raises it to 10s",
                "OK " + web);
    }

    @Test
    void aMissingFileIsAnIoErrorExitTwoAndTheOtherFilesAreStillChecked() {
        Path missing = dir.resolve("missing.yaml");

        assertThat(run("validate", missing.toString(), REFERENCE.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("canary: " + missing + ": no such file" + System.lineSeparator());
        assertThat(out.toString()).isEqualTo("OK " + REFERENCE + System.lineSeparator());
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("validate")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void syntaxErrorsCarryTheirLocation() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "kind: Canary\nspec: [\n");

        assertThat(run("validate", bad.toString())).isEqualTo(1);
        assertThat(out.toString()).startsWith(bad + ": line ").contains(": invalid syntax: ");
    }

    private int run(String... args) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void anUnexpectedFailureIsAnErrorOfTheRunNotAVerdict() {
        picocli.CommandLine cli = CanaryCli.commandLine();
        cli.addSubcommand("explode", new picocli.CommandLine(new Exploding()));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));

        assertThat(cli.execute("explode")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("canary: boom" + System.lineSeparator());
    }

    /** A command failing in a way no command anticipates. */
    @picocli.CommandLine.Command(name = "explode")
    static final class Exploding implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("boom");
        }
    }
}
