package io.canarykit.testkit.simulation;

import java.util.Locale;

/**
 * What a scripted readiness check answers in one tick: ready, not ready yet (the engine waits), or
 * not ready for good because the rollout exceeded its progress deadline (the engine gives up: a
 * rollback, or a failed promotion when the primary is being promoted). In scenario files these are
 * {@code true}, {@code false} and {@code deadline}.
 */
public enum ReadinessAnswer {
    READY,
    NOT_READY,
    /** {@code progressDeadlineSeconds} passed: a final, non-retriable "not ready". */
    DEADLINE;

    /** The word for {@link #DEADLINE} in scenario files. */
    public static final String DEADLINE_WORD = "deadline";

    public static ReadinessAnswer of(boolean ready) {
        return ready ? READY : NOT_READY;
    }

    /** {@code true}, {@code false} or {@code deadline}. */
    public static ReadinessAnswer parse(String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        switch (word) {
            case "true":
                return READY;
            case "false":
                return NOT_READY;
            case DEADLINE_WORD:
                return DEADLINE;
            default:
                throw new IllegalArgumentException("expected true, false or " + DEADLINE_WORD + ", got \"" + text + "\"");
        }
    }
}
