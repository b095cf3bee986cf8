package io.canarykit.k8s;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How hard a status write tries before the tick gives up on it. A status write follows the tick's
 * route and workload writes; when it is lost, the next tick re-runs a step whose traffic has
 * already moved. So a write is retried within the tick:
 * <ul>
 *   <li>after a 409, on the Canary read afresh, while its status is still the one the tick read
 *       (only spec or metadata moved), up to {@code conflictRetries} times, without waiting — each
 *       retry is one GET and one PUT, so a conflict storm costs at most {@code 2 * (conflictRetries + 1)}
 *       requests per tick;</li>
 *   <li>after a 5xx, 429 or I/O error, up to {@code attempts} attempts in all, waiting
 *       {@code firstWait}, doubling, at most {@code maxWait} between them, and never less than the
 *       server's {@code Retry-After}; a {@code Retry-After} longer than {@code maxWait} is not waited
 *       for in the tick: the failure goes to the scheduler, which retries the tick later.</li>
 * </ul>
 * The waits block the tick's worker (bounded by the tick deadline, which interrupts them). The
 * client should not retry as well: build it with {@code requestRetryBackoffLimit(0)}, or fabric8's
 * own retries (10 by default) multiply these.
 */
public record StatusWriteRetry(int conflictRetries, int attempts, Duration firstWait, Duration maxWait, Sleeper sleeper) {

    /** Five conflict retries (client-go's {@code RetryOnConflict}, which Flagger uses); 3 attempts, 200ms doubling to 2s. */
    public static final StatusWriteRetry DEFAULT = new StatusWriteRetry(5, 3, Duration.ofMillis(200), Duration.ofSeconds(2),
            Sleeper.THREAD);
    /** One attempt, no retry. */
    public static final StatusWriteRetry NONE = new StatusWriteRetry(0, 1, Duration.ZERO, Duration.ZERO, Sleeper.THREAD);

    public StatusWriteRetry {
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(sleeper, "sleeper");
        if (conflictRetries < 0 || attempts < 1) {
            throw new IllegalArgumentException("conflictRetries must be >= 0 and attempts >= 1, got " + conflictRetries + " and "
                    + attempts);
        }
        if (firstWait.isNegative() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("need 0 <= firstWait <= maxWait, got " + firstWait + " and " + maxWait);
        }
    }

    /** The same policy waiting through {@code value} (a test's recorder, a virtual clock's). */
    public StatusWriteRetry withSleeper(Sleeper value) {
        return new StatusWriteRetry(conflictRetries, attempts, firstWait, maxWait, value);
    }

    /**
     * The wait before attempt {@code failed + 1} after {@code failed} retryable failures, the last
     * one asking for {@code retryAfter}; empty when the write should not be tried again in this tick.
     */
    Optional<Duration> waitAfter(int failed, Optional<Duration> retryAfter) {
        if (failed >= attempts) {
            return Optional.empty();
        }
        Duration backoff = firstWait;
        for (int i = 1; i < failed && backoff.compareTo(maxWait) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        backoff = backoff.compareTo(maxWait) > 0 ? maxWait : backoff;
        if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
            return retryAfter.get().compareTo(maxWait) > 0 ? Optional.empty() : retryAfter;
        }
        return Optional.of(backoff);
    }

    /** Waits between attempts. */
    @FunctionalInterface
    public interface Sleeper {

        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }
}
