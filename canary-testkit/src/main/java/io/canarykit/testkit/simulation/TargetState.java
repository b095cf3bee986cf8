package io.canarykit.testkit.simulation;

import java.util.Map;
import java.util.Objects;

/**
 * The simulated workload after a tick: which revision (and which tracked ConfigMap/Secret versions)
 * the primary and the canary run, and whether the canary is scaled up. Revisions are {@code v1}
 * (what the primary was initialized from), {@code v2} (shipped at tick 0), {@code v3}... in the order
 * the scenario ships them; config versions count the same way from {@code v1}.
 */
public record TargetState(
        String primaryRevision,
        Map<String, String> primaryConfigs,
        String canaryRevision,
        Map<String, String> canaryConfigs,
        boolean canaryScaledUp) {

    /** For ticks that were not simulated (built by hand): no workload known. */
    public static final TargetState NONE = new TargetState("", Map.of(), "", Map.of(), false);

    public TargetState {
        Objects.requireNonNull(primaryRevision, "primaryRevision");
        Objects.requireNonNull(canaryRevision, "canaryRevision");
        primaryConfigs = Map.copyOf(primaryConfigs);
        canaryConfigs = Map.copyOf(canaryConfigs);
    }

    /** Whether the primary runs exactly what the canary runs: pod template and every tracked config (a promotion). */
    public boolean primaryRunsCanary() {
        return primaryRevision.equals(canaryRevision) && primaryConfigs.equals(canaryConfigs);
    }
}
