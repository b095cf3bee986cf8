package io.canarykit.cli.cluster;

import io.canarykit.api.model.CanaryCommand;
import picocli.CommandLine.Command;

/** {@code canary abort NAME}. */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Roll the canary back now: all traffic to the primary, the canary scaled to zero, phase Failed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the command was written to the Canary", "1:the canary does not exist",
            "2:the API server cannot be reached or refuses (RBAC: get and patch on canaries)"})
public final class AbortCommand extends CommandRequest {

    @Override
    protected CanaryCommand command() {
        return CanaryCommand.ABORT;
    }

    @Override
    protected String effect() {
        return "the canary is rolled back";
    }
}
