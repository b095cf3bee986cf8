package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** {@code service.retries} (Istio routers only). */
public record HttpRetry(@Nullable Integer attempts, @Nullable String perTryTimeout, @Nullable String retryOn) {
}
