package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import io.canarykit.api.spi.MetricResult;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The status handling every HTTP provider shares. */
public final class HttpStatus {

    private HttpStatus() {
    }

    /**
     * Throws for answers worth another attempt (5xx, 429: retryable, with the server's
     * {@code Retry-After} or {@code X-RateLimit-Reset} hint), returns a non-retryable failure for
     * other non-2xx answers, and empty for a 2xx answer.
     *
     * @param detail the backend's error text taken from the body, if any
     */
    public static Optional<MetricResult> check(String type, String where, HttpAnswer answer, Optional<String> detail) {
        int status = answer.status();
        String suffix = detail.filter(d -> !d.isBlank()).map(d -> ": " + d).orElse("");
        if (status == 429 || status >= 500) {
            Duration hint = retryAfter(answer);
            String message = type + " " + where + " answered HTTP " + status + suffix
                    + (hint != null ? " (retry after " + hint.toSeconds() + " s)" : "");
            if (hint != null) {
                throw new RateLimitedException(type, message, hint);
            }
            throw new BackendException(type, message, true);
        }
        if (status >= 400) {
            return Optional.of(MetricResult.failure(type + " " + where + " rejected the query (HTTP " + status + ")" + suffix, false));
        }
        if (status >= 300) {
            return Optional.of(MetricResult.failure(type + " " + where + " answered HTTP " + status
                    + " (is the address the " + type + " API itself?)", false));
        }
        return Optional.empty();
    }

    /** {@code Retry-After} in seconds (HTTP dates are ignored), else Datadog's {@code X-RateLimit-Reset}. */
    static @Nullable Duration retryAfter(HttpAnswer answer) {
        Optional<String> text = answer.header("Retry-After").or(() -> answer.header("X-RateLimit-Reset"));
        if (text.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(text.get().strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
