package io.canarykit.demo;

import io.canarykit.cli.CanaryCli;
import io.canarykit.demo.operator.OperatorDemoCommand;
import picocli.CommandLine;

/**
 * The {@code canary} command with the demos added: {@code demo} and {@code operator-demo} next to
 * validate, simulate and check-metrics. It lives apart from the CLI jar because the demos carry an
 * in-process Kubernetes API (fabric8's mock server, Netty, Vert.x, BouncyCastle) that a CI
 * pipeline running {@code canary validate} has no use for.
 */
public final class CanaryDemoCli {

    private CanaryDemoCli() {
    }

    public static void main(String[] args) {
        CanaryCli.quietLibraryLogging();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        return CanaryCli.commandLine()
                .addSubcommand(new CommandLine(new DemoCommand()))
                .addSubcommand(new CommandLine(new OperatorDemoCommand()));
    }
}
