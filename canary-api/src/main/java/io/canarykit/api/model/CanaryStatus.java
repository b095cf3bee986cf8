package io.canarykit.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code status} of a Canary. All state that matters between ticks lives here, so a controller
 * that restarts resumes from the stored status with the same outcome.
 *
 * <p>{@code phase} is absent for a Canary never seen by a controller (Flagger's empty phase).
 * {@code analysisStartedAt}, {@code lastAnalysisAt} and {@code insufficientChecks} are CanaryKit
 * extensions kept for sequential tests and the insufficient-data verdict; {@code lastChecks} (the
 * last value and verdict of every metric) and {@code lastCommandId} (the nonce of the last
 * {@link CanaryCommand} carried out) are extensions for the people operating a run.
 */
public record CanaryStatus(
        @Nullable CanaryPhase phase,
        int failedChecks,
        int canaryWeight,
        int iterations,
        @Nullable String previousSessionAffinityCookie,
        @Nullable String sessionAffinityCookie,
        @Nullable String primarySessionAffinityCookie,
        Map<String, String> trackedConfigs,
        @Nullable String lastAppliedSpec,
        @Nullable String lastPromotedSpec,
        @Nullable Instant lastTransitionTime,
        List<CanaryCondition> conditions,
        @Nullable Instant analysisStartedAt,
        @Nullable Instant lastAnalysisAt,
        Map<String, Integer> insufficientChecks,
        List<MetricCheckStatus> lastChecks,
        @Nullable String lastCommandId) {

    public static final CanaryStatus EMPTY = new CanaryStatus(null, 0, 0, 0, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    public CanaryStatus {
        trackedConfigs = Copies.map(trackedConfigs);
        conditions = Copies.list(conditions);
        insufficientChecks = Copies.map(insufficientChecks);
        lastChecks = Copies.list(lastChecks);
    }

    public Optional<CanaryPhase> currentPhase() {
        return Optional.ofNullable(phase);
    }

    public boolean isIn(CanaryPhase wanted) {
        return phase == wanted;
    }

    public Optional<CanaryCondition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** The same status stamped with the time of a write: every changed status is, so without a builder. */
    public CanaryStatus withLastTransitionTime(@Nullable Instant time) {
        return new CanaryStatus(phase, failedChecks, canaryWeight, iterations, previousSessionAffinityCookie, sessionAffinityCookie,
                primarySessionAffinityCookie, trackedConfigs, lastAppliedSpec, lastPromotedSpec, time, conditions, analysisStartedAt,
                lastAnalysisAt, insufficientChecks, lastChecks, lastCommandId);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Derives a changed copy of a status; the status is too wide for {@code withX} methods alone. */
    public static final class Builder {
        private @Nullable CanaryPhase phase;
        private int failedChecks;
        private int canaryWeight;
        private int iterations;
        private @Nullable String previousSessionAffinityCookie;
        private @Nullable String sessionAffinityCookie;
        private @Nullable String primarySessionAffinityCookie;
        private Map<String, String> trackedConfigs;
        private @Nullable String lastAppliedSpec;
        private @Nullable String lastPromotedSpec;
        private @Nullable Instant lastTransitionTime;
        private List<CanaryCondition> conditions;
        private @Nullable Instant analysisStartedAt;
        private @Nullable Instant lastAnalysisAt;
        private Map<String, Integer> insufficientChecks;
        private List<MetricCheckStatus> lastChecks;
        private @Nullable String lastCommandId;

        private Builder(CanaryStatus s) {
            phase = s.phase;
            failedChecks = s.failedChecks;
            canaryWeight = s.canaryWeight;
            iterations = s.iterations;
            previousSessionAffinityCookie = s.previousSessionAffinityCookie;
            sessionAffinityCookie = s.sessionAffinityCookie;
            primarySessionAffinityCookie = s.primarySessionAffinityCookie;
            trackedConfigs = s.trackedConfigs;
            lastAppliedSpec = s.lastAppliedSpec;
            lastPromotedSpec = s.lastPromotedSpec;
            lastTransitionTime = s.lastTransitionTime;
            conditions = s.conditions;
            analysisStartedAt = s.analysisStartedAt;
            lastAnalysisAt = s.lastAnalysisAt;
            insufficientChecks = s.insufficientChecks;
            lastChecks = s.lastChecks;
            lastCommandId = s.lastCommandId;
        }

        public Builder phase(@Nullable CanaryPhase value) {
            phase = value;
            return this;
        }

        public Builder failedChecks(int value) {
            failedChecks = value;
            return this;
        }

        public Builder canaryWeight(int value) {
            canaryWeight = value;
            return this;
        }

        public Builder iterations(int value) {
            iterations = value;
            return this;
        }

        public Builder previousSessionAffinityCookie(@Nullable String value) {
            previousSessionAffinityCookie = value;
            return this;
        }

        public Builder sessionAffinityCookie(@Nullable String value) {
            sessionAffinityCookie = value;
            return this;
        }

        public Builder primarySessionAffinityCookie(@Nullable String value) {
            primarySessionAffinityCookie = value;
            return this;
        }

        public Builder trackedConfigs(Map<String, String> value) {
            trackedConfigs = value;
            return this;
        }

        public Builder lastAppliedSpec(@Nullable String value) {
            lastAppliedSpec = value;
            return this;
        }

        public Builder lastPromotedSpec(@Nullable String value) {
            lastPromotedSpec = value;
            return this;
        }

        public Builder lastTransitionTime(@Nullable Instant value) {
            lastTransitionTime = value;
            return this;
        }

        public Builder conditions(List<CanaryCondition> value) {
            conditions = value;
            return this;
        }

        public Builder analysisStartedAt(@Nullable Instant value) {
            analysisStartedAt = value;
            return this;
        }

        public Builder lastAnalysisAt(@Nullable Instant value) {
            lastAnalysisAt = value;
            return this;
        }

        public Builder insufficientChecks(Map<String, Integer> value) {
            insufficientChecks = value;
            return this;
        }

        public Builder lastChecks(List<MetricCheckStatus> value) {
            lastChecks = value;
            return this;
        }

        public Builder lastCommandId(@Nullable String value) {
            lastCommandId = value;
            return this;
        }

        public CanaryStatus build() {
            return new CanaryStatus(phase, failedChecks, canaryWeight, iterations, previousSessionAffinityCookie,
                    sessionAffinityCookie, primarySessionAffinityCookie, trackedConfigs, lastAppliedSpec,
                    lastPromotedSpec, lastTransitionTime, conditions, analysisStartedAt, lastAnalysisAt, insufficientChecks,
                    lastChecks, lastCommandId);
        }
    }
}
