package io.canarykit.api.model;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The last check of one metric, as {@code status.lastChecks} records it for people watching a run
 * ({@code canary get}, dashboards): the value in the threshold's unit, the allowed range and the
 * verdict's wire name ({@code pass}, {@code fail}, {@code no-data}, {@code error},
 * {@code insufficient-data}). A CanaryKit extension; Flagger reports failures in events only.
 */
public record MetricCheckStatus(
        String name,
        String verdict,
        @Nullable Double value,
        @Nullable Double min,
        @Nullable Double max,
        @Nullable Instant checkedAt) {

    public MetricCheckStatus {
        name = Copies.text(name);
        verdict = Copies.text(verdict);
    }

    /** Whether the check passed. */
    public boolean passed() {
        return Objects.equals(verdict, "pass");
    }
}
