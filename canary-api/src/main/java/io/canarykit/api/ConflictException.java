package io.canarykit.api;

import org.jspecify.annotations.Nullable;

/**
 * An optimistic-concurrency conflict (HTTP 409 or a stale resourceVersion): re-read, recompute and
 * retry the step.
 */
public final class ConflictException extends BackendException {

    public ConflictException(String backend, String message, @Nullable Throwable cause) {
        super(backend, message, true, cause);
    }
}
