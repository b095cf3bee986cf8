package io.canarykit.cli.cluster;

import io.canarykit.api.model.CanaryCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code canary promote NAME [--full]}. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Approve what the canary waits for and skip its remaining steps: a rollout held by a confirm-rollout gate "
                + "starts, a running analysis promotes once its metric checks pass, a promotion held by a confirm-promotion gate "
                + "goes ahead. With --full: promote now, without further checks or gates.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the command was written to the Canary", "1:the canary does not exist",
            "2:the API server cannot be reached or refuses (RBAC: get and patch on canaries)"})
public final class PromoteCommand extends CommandRequest {

    @Option(names = "--full", description = "Promote now, from any running phase, without further checks or gates.")
    private boolean full;

    @Override
    protected CanaryCommand command() {
        return full ? CanaryCommand.PROMOTE_FULL : CanaryCommand.PROMOTE;
    }

    @Override
    protected String effect() {
        return full ? "the canary is promoted" : "the canary is promoted (once its metric checks pass)";
    }
}
