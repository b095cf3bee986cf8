package io.canarykit.cli.dashboard;

import io.canarykit.api.model.CanaryCommand;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's buttons, named as in the URL ({@code POST /api/canaries/prod/web/abort}): the
 * operator commands of {@code canary promote/abort/retry}, and {@code canary pause/resume}.
 */
enum Action {
    PROMOTE("promote", CanaryCommand.PROMOTE),
    PROMOTE_FULL("promote-full", CanaryCommand.PROMOTE_FULL),
    ABORT("abort", CanaryCommand.ABORT),
    RETRY("retry", CanaryCommand.RETRY),
    PAUSE("pause", null),
    RESUME("resume", null);

    private final String path;
    private final @Nullable CanaryCommand command;

    Action(String path, @Nullable CanaryCommand command) {
        this.path = path;
        this.command = command;
    }

    String path() {
        return path;
    }

    /** The operator command this action writes; empty for pause and resume, which set {@code spec.suspend}. */
    Optional<CanaryCommand> command() {
        return Optional.ofNullable(command);
    }

    static Optional<Action> fromPath(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }
}
