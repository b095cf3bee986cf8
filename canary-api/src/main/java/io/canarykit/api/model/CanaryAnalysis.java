package io.canarykit.api.model;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.analysis}: schedule, thresholds, metrics, webhooks and alerts of a canary run. Every
 * field keeps what the manifest said; the {@code ...OrDefault()} methods apply Flagger's defaults
 * and CanaryKit's documented differences.
 */
public record CanaryAnalysis(
        @Nullable String interval,
        @Nullable Integer iterations,
        @Nullable Boolean mirror,
        @Nullable Integer mirrorWeight,
        @Nullable Integer maxWeight,
        @Nullable Integer stepWeight,
        List<Integer> stepWeights,
        @Nullable Integer stepWeightPromotion,
        @Nullable Integer threshold,
        @Nullable Integer primaryReadyThreshold,
        @Nullable Integer canaryReadyThreshold,
        List<CanaryAlert> alerts,
        List<CanaryMetric> metrics,
        List<CanaryWebhook> webhooks,
        List<HttpMatchRequest> match,
        @Nullable SessionAffinity sessionAffinity,
        @Nullable String thresholdMode) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** The shortest interval taken as written: a constant, as the interval is read several times a tick. */
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_THRESHOLD = 1;
    public static final int DEFAULT_READY_THRESHOLD = 100;
    public static final int TOTAL_WEIGHT = 100;

    public static final CanaryAnalysis EMPTY = new CanaryAnalysis(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    public CanaryAnalysis {
        stepWeights = Copies.list(stepWeights);
        alerts = Copies.list(alerts);
        metrics = Copies.list(metrics);
        webhooks = Copies.list(webhooks);
        match = Copies.list(match);
    }

    /** The tick period: the parsed {@code interval}, or 60s when it is empty or unparsable. */
    public Duration intervalOrDefault() {
        if (interval == null || interval.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        return GoDuration.tryParse(interval).filter(d -> d.compareTo(MIN_INTERVAL) >= 0)
                .orElse(DEFAULT_INTERVAL);
    }

    /** Failed checks that trigger a rollback: {@code threshold}, or 1 when unset or not positive. */
    public int thresholdOrDefault() {
        return threshold == null || threshold <= 0 ? DEFAULT_THRESHOLD : threshold;
    }

    public ThresholdMode thresholdModeOrDefault() {
        if (thresholdMode == null || thresholdMode.isEmpty()) {
            return ThresholdMode.CONSECUTIVE;
        }
        return WireEnum.fromWire(ThresholdMode.class, thresholdMode).orElse(ThresholdMode.CONSECUTIVE);
    }

    /**
     * The canary weight at which promotion starts: the last {@code stepWeights} entry capped at 100
     * when step weights are set ({@code maxWeight} is then ignored, as in Flagger); else
     * {@code maxWeight} when positive; else 100.
     */
    public int maxWeightOrDefault() {
        if (!stepWeights.isEmpty()) {
            return Math.min(TOTAL_WEIGHT, stepWeights.get(stepWeights.size() - 1));
        }
        if (maxWeight != null && maxWeight > 0) {
            return Math.min(TOTAL_WEIGHT, maxWeight);
        }
        return TOTAL_WEIGHT;
    }

    public int stepWeightOrZero() {
        return stepWeight == null ? 0 : stepWeight;
    }

    public int stepWeightPromotionOrZero() {
        return stepWeightPromotion == null ? 0 : stepWeightPromotion;
    }

    public int iterationsOrZero() {
        return iterations == null ? 0 : iterations;
    }

    public boolean isMirror() {
        return Boolean.TRUE.equals(mirror);
    }

    public int primaryReadyThresholdOrDefault() {
        return primaryReadyThreshold == null || primaryReadyThreshold <= 0 ? DEFAULT_READY_THRESHOLD : primaryReadyThreshold;
    }

    public int canaryReadyThresholdOrDefault() {
        return canaryReadyThreshold == null || canaryReadyThreshold <= 0 ? DEFAULT_READY_THRESHOLD : canaryReadyThreshold;
    }

    /** A/B when there are match conditions and iterations, Blue/Green with iterations only, else canary. */
    public DeploymentStrategy strategy() {
        if (!match.isEmpty() && iterationsOrZero() > 0) {
            return DeploymentStrategy.AB_TESTING;
        }
        return iterationsOrZero() > 0 ? DeploymentStrategy.BLUE_GREEN : DeploymentStrategy.CANARY;
    }

    public List<CanaryWebhook> webhooksOf(WebhookType type) {
        // A loop, not a stream: the engine asks several times per tick, and most canaries have no hook of most types.
        List<CanaryWebhook> found = List.of();
        for (CanaryWebhook hook : webhooks) {
            if (hook.is(type)) {
                if (found.isEmpty()) {
                    found = new java.util.ArrayList<>(2);
                }
                found.add(hook);
            }
        }
        return found.isEmpty() ? found : java.util.Collections.unmodifiableList(found);
    }
}
