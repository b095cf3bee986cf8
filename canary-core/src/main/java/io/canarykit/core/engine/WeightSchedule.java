package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;

/**
 * The canary weight schedule. Linear steps are clamped at {@code maxWeight} (stepWeight 20,
 * maxWeight 50 gives 20, 40, 50 where Flagger overshoots to 60); {@code stepWeights} follow Flagger
 * (entries above 100 are capped, an off-list weight jumps to 100).
 */
public final class WeightSchedule {

    private static final int TOTAL = CanaryAnalysis.TOTAL_WEIGHT;

    private WeightSchedule() {
    }

    /**
     * Flagger's {@code nextStepWeight}: the increment from {@code canaryWeight}; 0 means the
     * schedule does not progress (no stepWeight and no stepWeights).
     */
    public static int increment(CanaryAnalysis analysis, int canaryWeight) {
        int stepWeight = analysis.stepWeightOrZero();
        if (stepWeight > 0 || analysis.stepWeights().isEmpty()) {
            return Math.max(0, stepWeight);
        }
        int maxStep = TOTAL - canaryWeight;
        if (maxStep <= 0) {
            return 1;
        }
        var steps = analysis.stepWeights();
        if (canaryWeight == 0) {
            return Math.min(maxStep, cap(steps.get(0)));
        }
        for (int i = 0; i < steps.size() - 1; i++) {
            if (cap(steps.get(i)) == canaryWeight) {
                return Math.min(maxStep, cap(steps.get(i + 1)) - canaryWeight);
            }
        }
        return maxStep;
    }

    /** The canary weight after one passing step from {@code canaryWeight}. */
    public static int next(CanaryAnalysis analysis, int canaryWeight) {
        int raised = Math.min(TOTAL, canaryWeight + increment(analysis, canaryWeight));
        return analysis.stepWeights().isEmpty() ? Math.min(analysis.maxWeightOrDefault(), raised) : raised;
    }

    /** Whether the canary has reached the weight at which promotion starts. */
    public static boolean reachedMax(CanaryAnalysis analysis, int canaryWeight) {
        return canaryWeight >= analysis.maxWeightOrDefault();
    }

    /**
     * One Promoting step with {@code stepWeightPromotion}: the primary gains what the canary loses,
     * until the primary has everything.
     */
    public static Routes promotionStep(Routes current, int stepWeightPromotion) {
        int primary = Math.min(TOTAL, current.primaryWeight() + stepWeightPromotion);
        return new Routes(primary, TOTAL - primary, false);
    }

    private static int cap(int weight) {
        return Math.min(TOTAL, weight);
    }
}
