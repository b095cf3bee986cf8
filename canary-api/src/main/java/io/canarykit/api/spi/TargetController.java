package io.canarykit.api.spi;

import io.canarykit.api.model.Canary;
import java.util.Map;
import java.util.Optional;

/**
 * The workload under test (a Deployment, a DaemonSet, an in-process service...) and its primary
 * copy. Failures are reported as {@link io.canarykit.api.BackendException}; readiness is a value.
 */
public interface TargetController {

    /** A target that is always ready, never changes and ignores every command. */
    TargetController NOOP = new TargetController() {
        @Override
        public void initialize(Canary canary) {
        }

        @Override
        public Readiness isPrimaryReady(Canary canary) {
            return Readiness.READY;
        }

        @Override
        public Readiness isCanaryReady(Canary canary) {
            return Readiness.READY;
        }

        @Override
        public TargetRevision revision(Canary canary) {
            return new TargetRevision(TargetRevision.UNCHANGING, Map.of());
        }

        @Override
        public void promote(Canary canary) {
        }

        @Override
        public void scaleToZero(Canary canary) {
        }

        @Override
        public void scaleFromZero(Canary canary) {
        }

        @Override
        public void revert(Canary canary) {
        }
    };

    /** Creates the primary workload (and its config copies) if missing; never updates an existing one. */
    void initialize(Canary canary);

    /** Readiness of the primary under {@code analysis.primaryReadyThreshold} and the progress deadline. */
    Readiness isPrimaryReady(Canary canary);

    /** Readiness of the canary under {@code analysis.canaryReadyThreshold} and the progress deadline. */
    Readiness isCanaryReady(Canary canary);

    /** The target's current revision: spec hash and tracked config checksums. */
    TargetRevision revision(Canary canary);

    /**
     * Whether the target differs from what the status last recorded. A revision equal to the last
     * promoted one is not a change (a manual revert to the primary's version does not start a run).
     */
    default boolean hasTargetChanged(Canary canary) {
        TargetRevision now = revision(canary);
        String applied = canary.status().lastAppliedSpec();
        if (applied == null || applied.isEmpty()) {
            return true;
        }
        if (!now.specHash().equals(applied) && !now.specHash().equals(canary.status().lastPromotedSpec())) {
            return true;
        }
        return !now.trackedConfigs().equals(canary.status().trackedConfigs());
    }

    /**
     * What metric templates see as {@code {{ route }}} for this target, when the target itself
     * names it: a Knative Service's latest created revision, as Flagger renders it. Empty (the
     * default) leaves it to {@code spec.routeRef}, else the target's name.
     */
    default Optional<String> metricsRoute(Canary canary) {
        return Optional.empty();
    }

    /** Copies the target's template (and tracked configs) onto the primary. */
    void promote(Canary canary);

    /** Scales the canary workload to zero. */
    void scaleToZero(Canary canary);

    /** Scales the canary workload back up before an analysis. */
    void scaleFromZero(Canary canary);

    /** Restores the target for {@code revertOnDeletion} (the target takes the primary's place). */
    void revert(Canary canary);
}
