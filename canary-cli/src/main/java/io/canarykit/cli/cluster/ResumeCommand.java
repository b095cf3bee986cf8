package io.canarykit.cli.cluster;

import picocli.CommandLine.Command;

/** {@code canary resume NAME}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a paused canary (spec.suspend: false).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the Canary's spec.suspend is set", "1:the canary does not exist",
            "2:the API server cannot be reached or refuses (RBAC: get and patch on canaries)"})
public final class ResumeCommand extends SuspendRequest {

    @Override
    protected boolean suspend() {
        return false;
    }
}
