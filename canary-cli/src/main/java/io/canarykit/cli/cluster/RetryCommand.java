package io.canarykit.cli.cluster;

import io.canarykit.api.model.CanaryCommand;
import picocli.CommandLine.Command;

/** {@code canary retry NAME}. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Run the analysis of a failed revision again, from the first step.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the command was written to the Canary", "1:the canary does not exist",
            "2:the API server cannot be reached or refuses (RBAC: get and patch on canaries)"})
public final class RetryCommand extends CommandRequest {

    @Override
    protected CanaryCommand command() {
        return CanaryCommand.RETRY;
    }

    @Override
    protected String effect() {
        return "the analysis starts again";
    }
}
