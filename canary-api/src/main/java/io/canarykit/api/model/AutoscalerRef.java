package io.canarykit.api.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The target's autoscaler: a {@code HorizontalPodAutoscaler} (autoscaling/v2) or a KEDA
 * {@code ScaledObject}, copied to a primary autoscaler.
 */
public record AutoscalerRef(
        @Nullable String apiVersion,
        @Nullable String kind,
        String name,
        Map<String, String> primaryScalerQueries,
        @Nullable ScalerReplicas primaryScalerReplicas) {

    public AutoscalerRef {
        name = Copies.text(name);
        primaryScalerQueries = Copies.map(primaryScalerQueries);
    }

    /** Replica bounds that override the target autoscaler's ones on the primary autoscaler. */
    public record ScalerReplicas(@Nullable Integer minReplicas, @Nullable Integer maxReplicas) {
    }
}
