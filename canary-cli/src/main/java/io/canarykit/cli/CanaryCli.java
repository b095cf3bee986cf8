package io.canarykit.cli;

import io.canarykit.cli.cluster.AbortCommand;
import io.canarykit.cli.cluster.GetCommand;
import io.canarykit.cli.cluster.PauseCommand;
import io.canarykit.cli.cluster.PromoteCommand;
import io.canarykit.cli.cluster.ResumeCommand;
import io.canarykit.cli.cluster.RetryCommand;
import io.canarykit.cli.dashboard.DashboardCommand;
import java.util.Set;
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
        subcommands = {ValidateCommand.class, SimulateCommand.class, CheckMetricsCommand.class, GetCommand.class,
            PromoteCommand.class, AbortCommand.class, RetryCommand.class, PauseCommand.class, ResumeCommand.class,
            DashboardCommand.class})
public final class CanaryCli implements Callable<Integer> {

    /** Exit codes of DESIGN §6, shared by every subcommand. */
    public static final int OK = 0;
    public static final int NEGATIVE = 1;
    public static final int USAGE_OR_IO = 2;

    @Spec
    private CommandSpec spec;

    /** The demos ship in their own jar; a user who asks this one for them is told where. */
    static final Set<String> DEMO_COMMANDS = Set.of("demo", "operator-demo");

    public static void main(String[] args) {
        quietLibraryLogging();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command's output is its result, and its own one-line reports say what went wrong: library
     * logging (a provider's retries, say) only speaks up for errors, unless the user set a level.
     */
    public static void quietLibraryLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
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
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            if (failed.getParent() == null && args.length > 0 && DEMO_COMMANDS.contains(args[0])
                    && !failed.getSubcommands().containsKey(args[0])) {
                failed.getErr().println("canary: " + args[0] + " ships in canary-demo.jar, not in this CLI jar: run ./demo from a "
                        + "CanaryKit checkout, or java -jar canary-demo.jar " + args[0]);
                failed.getErr().flush();
                return USAGE_OR_IO;
            }
            return usage.handleParseException(e, args);
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
