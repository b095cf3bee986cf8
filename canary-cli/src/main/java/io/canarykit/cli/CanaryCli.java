package io.canarykit.cli;

import io.canarykit.cli.demo.DemoCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code canary} command. Exit codes: 0 success, 1 a negative verdict (an invalid manifest),
 * 2 a usage or I/O error.
 * A negative verdict is also a simulated canary that did not get promoted.
 */
@Command(name = "canary", mixinStandardHelpOptions = true, versionProvider = CanaryCli.Version.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success: valid manifests, a promoted canary, passing checks",
            "1:a negative verdict: an invalid manifest, a canary rolled back or not promoted, a failing check",
            "2:usage or I/O error: bad arguments, unreadable files, an unreachable backend"},
        description = "CanaryKit: Flagger-compatible canary releases.",
        subcommands = {ValidateCommand.class, SimulateCommand.class, CheckMetricsCommand.class, DemoCommand.class, io.canarykit.cli.operator.OperatorDemoCommand.class})
public final class CanaryCli implements Callable<Integer> {

    /** Exit codes of DESIGN §6, shared by every subcommand. */
    public static final int OK = 0;
    public static final int NEGATIVE = 1;
    public static final int USAGE_OR_IO = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        // The command's output is its result, and its own one-line reports say what went wrong: library
        // logging (a provider's retries, say) only speaks up for errors.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CanaryCli());
        // An unexpected failure is an error of the run, not a verdict on the canary: exit 2, one line, no stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("canary: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            commandLine.getErr().flush();
            return USAGE_OR_IO;
        });
        return cli;
    }

    /** {@code canary} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_OR_IO;
    }

    /** The version of the jar, when run from one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = CanaryCli.class.getPackage().getImplementationVersion();
            return new String[] {"canary " + (version == null ? "(development build)" : version)};
        }
    }
}
