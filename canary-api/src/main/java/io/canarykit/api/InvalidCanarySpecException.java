package io.canarykit.api;

import java.util.List;

/** The user's input is wrong: a manifest that does not validate. Never retryable. */
public final class InvalidCanarySpecException extends CanaryException {

    private final List<String> problems;

    public InvalidCanarySpecException(String message) {
        this(message, List.of(message));
    }

    public InvalidCanarySpecException(String message, List<String> problems) {
        super(message, false, null);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each as {@code <field path>: <reason>} where a path is known. */
    public List<String> problems() {
        return problems;
    }
}
