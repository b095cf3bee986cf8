package io.canarykit.core.validation;

import io.canarykit.api.model.BaselineComparison;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.SequentialTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Rules on CanaryKit's metric extensions: {@code baseline}, {@code minSamples} and {@code sequential}. */
final class ExtensionRules {

    static final List<String> DIRECTIONS = List.of(BaselineComparison.LOWER_IS_BETTER, BaselineComparison.HIGHER_IS_BETTER);

    private ExtensionRules() {
    }

    static void baseline(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            BaselineComparison b = a.metrics().get(i).baseline();
            if (b == null) {
                continue;
            }
            String at = path + ".metrics[" + i + "].baseline";
            Checks.oneOf(out, at + ".direction", b.direction(), DIRECTIONS);
            notNegative(out, at + ".relativeTolerance", b.relativeTolerance());
            notNegative(out, at + ".absoluteTolerance", b.absoluteTolerance());
            if (a.metrics().get(i).isSequential()) {
                out.error(at, "does not apply to a sequential test, which compares with the primary through primaryRequests and "
                        + "primaryErrors");
            }
        }
    }

    static void minSamples(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            SampleRequirement s = a.metrics().get(i).minSamples();
            if (s == null) {
                continue;
            }
            String at = path + ".metrics[" + i + "].minSamples";
            Checks.required(out, at + ".query", s.query());
            if (s.count() == null || s.count() < 1) {
                out.error(at + ".count", s.count() == null ? Checks.REQUIRED : "must be at least 1, got " + s.count());
            }
            Checks.atLeast(out, at + ".maxInsufficientChecks", s.maxInsufficientChecks(), 1);
        }
    }

    static void sequential(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            CanaryMetric metric = a.metrics().get(i);
            SequentialTest s = metric.sequential();
            if (s == null) {
                continue;
            }
            String at = path + ".metrics[" + i + "].sequential";
            SequentialRules.check(s, at, out);
            if (SequentialRules.isSprt(s)) {
                Checks.required(out, at + ".requests", s.requests());
                Checks.required(out, at + ".errors", s.errors());
                if (Checks.isBlank(s.primaryRequests()) != Checks.isBlank(s.primaryErrors())) {
                    out.error(at, "must set both primaryRequests and primaryErrors, or neither");
                }
                rates(s, at, out);
            }
            if (s.alpha() != null && !(s.alpha() > 0 && s.alpha() < 0.5)) {
                out.error(at + ".alpha", "must be greater than 0 and less than 0.5, got " + CheckRules.number(s.alpha()));
            }
            if (s.power() != null && !(s.power() > 0.5 && s.power() < 1)) {
                out.error(at + ".power", "must be greater than 0.5 and less than 1, got " + CheckRules.number(s.power()));
            }
            Optional<Duration> cadence = Checks.duration(out, at + ".cadence", s.cadence());
            if (cadence.isPresent() && cadence.get().compareTo(Duration.ofSeconds(1)) < 0) {
                out.error(at + ".cadence", "must be at least 1s, got " + s.cadence());
            } else if (cadence.isPresent() && cadence.get().compareTo(a.intervalOrDefault()) >= 0) {
                out.warning(at + ".cadence", "is not shorter than the analysis interval, got " + s.cadence()
                        + "; the test only runs with the analysis");
            }
            if (metric.thresholdRange() != null || metric.hasInlineQuery() || metric.hasTemplate()) {
                out.warning(at, "takes the place of the metric's query, templateRef and thresholdRange, which are ignored");
            }
        }
    }

    private static void rates(SequentialTest s, String at, Findings out) {
        Double acceptable = s.acceptableErrorRate();
        Double failing = s.failingErrorRate();
        if (acceptable == null) {
            out.error(at + ".acceptableErrorRate", Checks.REQUIRED);
        } else if (!(acceptable > 0 && acceptable < 100)) {
            out.error(at + ".acceptableErrorRate", "must be greater than 0 and less than 100 (percent), got "
                    + CheckRules.number(acceptable));
        }
        if (failing == null) {
            // The engine then tests against five times the acceptable rate, capped below 100%.
            return;
        }
        if (!(failing > 0 && failing < 100)) {
            out.error(at + ".failingErrorRate", "must be greater than 0 and less than 100 (percent), got "
                    + CheckRules.number(failing));
        } else if (acceptable != null && failing <= acceptable) {
            out.error(at + ".failingErrorRate", "must be greater than acceptableErrorRate " + CheckRules.number(acceptable)
                    + ", got " + CheckRules.number(failing));
        }
    }

    private static void notNegative(Findings out, String path, @Nullable Double value) {
        if (value != null && value < 0) {
            out.error(path, "must not be negative, got " + CheckRules.number(value));
        }
    }
}
