package io.canarykit.api;

/**
 * The one unchecked exception family of CanaryKit. Analysis outcomes (a failed check, a denied gate,
 * missing data) are values, never exceptions; exceptions are for broken invariants, invalid input
 * and backend failures.
 */
public class CanaryException extends RuntimeException {

    private final boolean retryable;

    public CanaryException(String message) {
        this(message, false, null);
    }

    public CanaryException(String message, boolean retryable, @org.jspecify.annotations.Nullable Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Whether repeating the same call later may succeed (5xx, 429, I/O errors, conflicts). */
    public boolean retryable() {
        return retryable;
    }
}
