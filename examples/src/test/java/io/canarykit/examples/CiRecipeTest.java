package io.canarykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the README's CI recipe (ci/canary-checks.sh) against a stand-in {@code java} on the PATH that
 * answers each {@code canary} command with a scripted exit code and output: the job must pass only
 * when the healthy release is promoted and the bad one is really rolled back, and a usage or I/O
 * error (exit 2) must fail it rather than count as "rolled back".
 */
class CiRecipeTest {

    private static final Path SCRIPT = Path.of("ci", "canary-checks.sh").toAbsolutePath();

    @TempDir
    Path dir;

    @BeforeEach
    void standInCli() throws IOException {
        assumeTrue(onPath("bash"), "bash is not on the PATH");
        Path java = dir.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, """
                #!/bin/sh
                shift 2   # -jar canary.jar
                echo "$*" >> "$STUB_LOG"
                case "$*" in
                  validate*) exit "$STUB_VALIDATE" ;;
                  *--scenario*) echo "$STUB_BAD_OUTPUT"; exit "$STUB_BAD" ;;
                  simulate*) exit "$STUB_GOOD" ;;
                esac
                exit 2
                """);
        assertThat(java.toFile().setExecutable(true)).isTrue();
    }

    @ParameterizedTest(name = "validate {0}, healthy {1}, bad {2} ''{3}'' -> job exit {4}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | 0 | 1 | result Failed after 6 ticks (t+5m)               | 0 | the bad release was rolled back, as expected
            0 | 0 | 0 | result Succeeded after 9 ticks (t+8m)            | 1 | the bad release was promoted
            0 | 0 | 2 | ''                                               | 2 | canary simulate could not run (exit 2)
            0 | 0 | 1 | 'result Progressing: not finished after 100 ticks' | 1 | the bad release was neither promoted nor rolled back
            0 | 1 | 1 | result Failed after 6 ticks (t+5m)               | 1 | the healthy release was not promoted
            1 | 0 | 1 | result Failed after 6 ticks (t+5m)               | 1 | ''
            2 | 0 | 1 | result Failed after 6 ticks (t+5m)               | 1 | ''
            """)
    void theJobPassesOnlyWhenTheBadReleaseIsReallyRolledBack(int validate, int healthy, int bad, String badOutput,
            int expectedExit, String expectedLine) throws Exception {
        Path log = dir.resolve("calls.log");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "deploy/web.yaml", "scenarios/bad-release.yaml")
                .directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", dir.resolve("bin") + File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("STUB_LOG", log.toString());
        builder.environment().put("STUB_VALIDATE", Integer.toString(validate));
        builder.environment().put("STUB_GOOD", Integer.toString(healthy));
        builder.environment().put("STUB_BAD", Integer.toString(bad));
        builder.environment().put("STUB_BAD_OUTPUT", badOutput);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the script finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
        if (!expectedLine.isEmpty()) {
            assertThat(output.lines()).contains(expectedLine);
        }
        List<String> calls = Files.readAllLines(log);
        assertThat(calls.get(0)).isEqualTo("validate deploy/web.yaml");
        if (validate == 0 && healthy == 0) {
            assertThat(calls).containsExactly("validate deploy/web.yaml", "simulate --canary deploy/web.yaml",
                    "simulate --canary deploy/web.yaml --scenario scenarios/bad-release.yaml --report rollback.html");
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
