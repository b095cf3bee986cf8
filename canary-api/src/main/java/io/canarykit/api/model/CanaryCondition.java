package io.canarykit.api.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A status condition; Flagger keeps exactly one, of type {@code Promoted}. */
public record CanaryCondition(
        String type,
        String status,
        @Nullable Instant lastUpdateTime,
        @Nullable Instant lastTransitionTime,
        @Nullable String reason,
        @Nullable String message) {

    public static final String PROMOTED = "Promoted";

    public CanaryCondition {
        type = Copies.text(type);
        status = Copies.text(status);
    }
}
