package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** {@code service.headers}: request and response header edits. */
public record Headers(@Nullable HeaderOperations request, @Nullable HeaderOperations response) {
}
