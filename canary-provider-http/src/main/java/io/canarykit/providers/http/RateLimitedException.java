package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A retryable 429 (or 503) whose server said when to come back ({@code Retry-After}, Datadog's {@code X-RateLimit-Reset}). */
public final class RateLimitedException extends BackendException {

    private final @Nullable Duration retryAfter;

    public RateLimitedException(String backend, String message, @Nullable Duration retryAfter) {
        super(backend, message, true);
        this.retryAfter = retryAfter;
    }

    /** The server's hint, if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
