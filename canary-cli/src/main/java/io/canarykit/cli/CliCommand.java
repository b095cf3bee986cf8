package io.canarykit.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A {@code canary} subcommand: it writes its result to the command line's out, problems to its
 * err (both flushed whatever happens, so tests and scripts see everything), and returns the exit
 * code of DESIGN §6 (0 success, 1 negative verdict, 2 usage or I/O error).
 */
public abstract class CliCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("canary: interrupted");
            return CanaryCli.USAGE_OR_IO;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command as picocli parsed it (its name, options, command line). */
    protected CommandSpec spec() {
        return spec;
    }

    /** Runs the command; returns its exit code. */
    protected abstract int run(PrintWriter out, PrintWriter err) throws InterruptedException;
}
