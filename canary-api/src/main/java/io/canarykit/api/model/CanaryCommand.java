package io.canarykit.api.model;

import java.util.Map;
import java.util.Optional;

/**
 * A one-off instruction from a person to the controller running a Canary ({@code canary promote},
 * {@code abort}, {@code retry}), delivered as two annotations on the Canary: the verb under
 * {@link #ANNOTATION} and a fresh nonce under {@link #ID_ANNOTATION}. The controller carries out a
 * command whose nonce differs from {@code status.lastCommandId}, then records the nonce there (and
 * says what it did in an event), so a command runs once however often the Canary is read, and
 * writing the same verb again with a new nonce repeats it. Writing annotations needs only
 * {@code patch} on canaries; a GitOps tool that does not own these annotations leaves them alone.
 */
public enum CanaryCommand implements WireEnum {

    /**
     * Approve what the canary is waiting for and skip its remaining steps: a rollout held by a
     * confirm-rollout gate starts; a running analysis promotes at this tick if its checks pass; a
     * promotion held by a confirm-promotion gate goes ahead.
     */
    PROMOTE("promote"),
    /** Promote now, from any running phase, without further checks or gates. */
    PROMOTE_FULL("promote-full"),
    /** Roll back now: all traffic to the primary, the canary scaled to zero, phase Failed. */
    ABORT("abort"),
    /** Run the analysis of a failed revision again, from the first step. */
    RETRY("retry");

    public static final String ANNOTATION = "canarykit.io/command";
    public static final String ID_ANNOTATION = "canarykit.io/command-id";

    private final String wireName;

    CanaryCommand(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** A command found on a Canary: its verb (empty when the annotation names none we know) and its nonce. */
    public record Request(Optional<CanaryCommand> command, String verb, String id) {
    }

    /** The command the annotations carry, if both annotations are set; an unknown verb is kept for the report. */
    public static Optional<Request> requested(Map<String, String> annotations) {
        String verb = annotations.get(ANNOTATION);
        String id = annotations.get(ID_ANNOTATION);
        if (verb == null || verb.isBlank() || id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Request(WireEnum.fromWire(CanaryCommand.class, verb.trim()), verb.trim(), id.trim()));
    }
}
