package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo jar's command line: the CLI's commands plus the two demos, each stating its exit codes. */
class CanaryDemoCliTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void everyCommandsHelpStatesItsExitCodes() {
        for (String command : new String[] {"validate", "simulate", "check-metrics", "demo", "operator-demo"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s")
                    .containsPattern("(?m)^\\s+1\\s").containsPattern("(?m)^\\s+2\\s");
        }
    }

    @Test
    void theTopLevelHelpListsTheDemos() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).containsPattern("(?m)^\\s+demo\\s").containsPattern("(?m)^\\s+operator-demo\\s")
                .containsPattern("(?m)^\\s+validate\\s");
    }
}
