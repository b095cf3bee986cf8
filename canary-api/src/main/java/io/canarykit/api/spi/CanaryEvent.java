package io.canarykit.api.spi;

import io.canarykit.api.model.CanaryPhase;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes-style event about a canary, with Flagger's texts (reason {@code Synced}). Never
 * carries secrets.
 */
public record CanaryEvent(
        String namespace, String canaryName, EventType type, String reason, String message, Instant time,
        @Nullable CanaryPhase phase) {

    public static final String REASON_SYNCED = "Synced";

    public CanaryEvent {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(canaryName, "canaryName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }
}
