package io.canarykit.cli.cluster;

import picocli.CommandLine.Command;

/** {@code canary pause NAME}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pause the canary (spec.suspend: true): it holds where it is, no step, promotion or rollback, until resumed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the Canary's spec.suspend is set", "1:the canary does not exist",
            "2:the API server cannot be reached or refuses (RBAC: get and patch on canaries)"})
public final class PauseCommand extends SuspendRequest {

    @Override
    protected boolean suspend() {
        return true;
    }
}
