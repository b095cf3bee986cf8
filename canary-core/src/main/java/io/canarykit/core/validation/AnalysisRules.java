package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.ThresholdMode;
import io.canarykit.api.model.WireEnum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Rules on the schedule of {@code spec.analysis}: strategy, interval, threshold and weights. */
final class AnalysisRules {

    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Flagger's floor; CanaryKit runs faster intervals but warns, since they rarely have data. */
    static final Duration RECOMMENDED_MIN_INTERVAL = Duration.ofSeconds(10);

    private AnalysisRules() {
    }

    /** Runs {@code check} with the analysis and its path when the Canary has an analysis. */
    static void withAnalysis(Canary canary, Findings out, AnalysisCheck check) {
        CanaryPaths.analysis(canary).ifPresent(a -> check.check(a, CanaryPaths.analysisPath(canary), out));
    }

    /** A check of one analysis block at a given path. */
    @FunctionalInterface
    interface AnalysisCheck {
        void check(CanaryAnalysis analysis, String path, Findings out);
    }

    static BiConsumer<Canary, Findings> of(AnalysisCheck check) {
        return (canary, out) -> withAnalysis(canary, out, check);
    }

    /** The CRD requires an analysis; Go Flagger promotes without one, so this is only a warning. */
    static void present(Canary canary, Findings out) {
        if (CanaryPaths.analysis(canary).isEmpty() && !Boolean.TRUE.equals(canary.spec().skipAnalysis())) {
            out.warning("spec.analysis", "is not set, the canary is promoted without analysis");
        }
    }

    /** The CRD's oneOf: exactly one of iterations, stepWeight, stepWeights (none only with skipAnalysis). */
    static void strategy(Canary canary, Findings out) {
        withAnalysis(canary, out, (a, path, o) -> {
            List<String> set = new ArrayList<>();
            if (a.iterations() != null) {
                set.add("iterations");
            }
            if (a.stepWeight() != null) {
                set.add("stepWeight");
            }
            if (!a.stepWeights().isEmpty()) {
                set.add("stepWeights");
            }
            if (set.size() > 1) {
                o.error(path, "must set only one of iterations, stepWeight, stepWeights, got " + String.join(" and ", set));
            } else if (set.isEmpty() && "kubernetes".equals(canary.spec().provider())) {
                // Flagger's kubernetes provider cannot shift traffic and runs 10 iterations when none are set.
                o.warning(path + ".iterations", "is not set, the kubernetes provider runs 10 iterations");
            } else if (set.isEmpty() && !Boolean.TRUE.equals(canary.spec().skipAnalysis())) {
                o.error(path, "must set one of iterations, stepWeight, stepWeights");
            }
        });
    }

    static void interval(CanaryAnalysis a, String path, Findings out) {
        String at = path + ".interval";
        if (Checks.isBlank(a.interval())) {
            out.warning(at, "is not set, defaulting to " + GoDuration.format(CanaryAnalysis.DEFAULT_INTERVAL));
            return;
        }
        Checks.duration(out, at, a.interval()).ifPresent(d -> {
            if (d.compareTo(MIN_INTERVAL) < 0) {
                out.error(at, "must be at least 1s, got " + a.interval());
            } else if (d.compareTo(RECOMMENDED_MIN_INTERVAL) < 0) {
                out.warning(at, "is below 10s, got " + a.interval() + "; Flagger raises it to 10s");
            }
        });
    }

    static void threshold(CanaryAnalysis a, String path, Findings out) {
        if (a.threshold() == null) {
            out.warning(path + ".threshold", "is not set, defaulting to " + CanaryAnalysis.DEFAULT_THRESHOLD);
        } else {
            Checks.atLeast(out, path + ".threshold", a.threshold(), 1);
        }
    }

    static void thresholdMode(CanaryAnalysis a, String path, Findings out) {
        Checks.oneOf(out, path + ".thresholdMode", a.thresholdMode(), WireEnum.wireNames(ThresholdMode.class));
    }

    static void iterations(CanaryAnalysis a, String path, Findings out) {
        Checks.atLeast(out, path + ".iterations", a.iterations(), 1);
    }

    static void weightRanges(CanaryAnalysis a, String path, Findings out) {
        Checks.between(out, path + ".stepWeight", a.stepWeight(), 1, CanaryAnalysis.TOTAL_WEIGHT);
        Checks.between(out, path + ".maxWeight", a.maxWeight(), 1, CanaryAnalysis.TOTAL_WEIGHT);
        Checks.between(out, path + ".stepWeightPromotion", a.stepWeightPromotion(), 1, CanaryAnalysis.TOTAL_WEIGHT);
        Checks.between(out, path + ".mirrorWeight", a.mirrorWeight(), 0, CanaryAnalysis.TOTAL_WEIGHT);
    }

    /** Entries in 1..100 (above 100 only warns: Flagger caps the maximum at 100), strictly increasing. */
    static void stepWeights(CanaryAnalysis a, String path, Findings out) {
        List<Integer> weights = a.stepWeights();
        for (int i = 0; i < weights.size(); i++) {
            String at = path + ".stepWeights[" + i + "]";
            int w = weights.get(i);
            if (w <= 0) {
                out.error(at, "must be between 1 and 100, got " + w);
            } else if (w > CanaryAnalysis.TOTAL_WEIGHT) {
                out.warning(at, "must be at most 100, got " + w + "; capped at 100, as Flagger caps it");
            }
            if (i > 0 && w <= weights.get(i - 1)) {
                out.error(at, "must be greater than the previous entry " + weights.get(i - 1) + ", got " + w);
            }
        }
    }

    /**
     * Whether the weights say what they seem to. Linear steps are clamped to maxWeight, so every
     * maxWeight is reachable; what is really lost is a first step above the maximum (clamped) and a
     * maxWeight that the schedule in effect never reads (with stepWeights or iterations).
     */
    static void weightReachability(CanaryAnalysis a, String path, Findings out) {
        Integer step = a.stepWeight();
        Integer max = a.maxWeight();
        if (max == null || max < 1 || max > CanaryAnalysis.TOTAL_WEIGHT) {
            return;
        }
        if (!a.stepWeights().isEmpty()) {
            out.warning(path + ".maxWeight", "is ignored when stepWeights is set, got " + max
                    + "; the last step weight is the maximum");
        } else if (step == null && a.iterations() != null) {
            out.warning(path + ".maxWeight", "is ignored when iterations is set, got " + max);
        } else if (step != null && step > max && step <= CanaryAnalysis.TOTAL_WEIGHT) {
            out.warning(path + ".stepWeight", "is greater than maxWeight " + max + ", got " + step
                    + "; the first step is clamped to " + max);
        }
    }

    static void readyThresholds(CanaryAnalysis a, String path, Findings out) {
        Checks.between(out, path + ".primaryReadyThreshold", a.primaryReadyThreshold(), 0, 100);
        Checks.between(out, path + ".canaryReadyThreshold", a.canaryReadyThreshold(), 0, 100);
    }

    /** A/B conditions: every string match well-formed, and useless without iterations. */
    static void match(CanaryAnalysis a, String path, Findings out) {
        SpecRules.matches(out, path + ".match", a.match());
        if (!a.match().isEmpty() && a.iterations() == null) {
            out.warning(path + ".match", "is ignored without iterations, got " + a.match().size() + " conditions");
        }
    }
}
