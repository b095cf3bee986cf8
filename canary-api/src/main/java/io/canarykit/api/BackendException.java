package io.canarykit.api;

import org.jspecify.annotations.Nullable;

/**
 * A backend (Prometheus, the Kubernetes API, a webhook endpoint, ...) failed. Adapters wrap their
 * client exceptions in this one, keeping the cause, so that no client type leaks through an SPI.
 */
public class BackendException extends CanaryException {

    private final String backend;

    public BackendException(String backend, String message, boolean retryable, @Nullable Throwable cause) {
        super(message, retryable, cause);
        this.backend = backend;
    }

    public BackendException(String backend, String message, boolean retryable) {
        this(backend, message, retryable, null);
    }

    /** Which backend failed, e.g. {@code prometheus} or {@code k8s}. */
    public String backend() {
        return backend;
    }
}
