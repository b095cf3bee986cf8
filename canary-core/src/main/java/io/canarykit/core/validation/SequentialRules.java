package io.canarykit.core.validation;

import io.canarykit.api.model.LatencyTest;
import io.canarykit.api.model.SequentialTest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rules for the always-valid sequential test ({@code method: always-valid}) and the latency test
 * ({@code sequential.latency}); Wald's SPRT keeps its rules in {@link ExtensionRules}. The
 * always-valid test needs a null hypothesis — an allowed rate, the primary's counts, or both — and
 * no failing rate; it only rejects, so it cannot promote early.
 */
final class SequentialRules {

    static final List<String> METHODS = List.of(SequentialTest.SPRT, SequentialTest.ALWAYS_VALID);

    private SequentialRules() {
    }

    /** Whether the SPRT's own rules (requests, errors, acceptableErrorRate, failingErrorRate, power) apply. */
    static boolean isSprt(SequentialTest s) {
        return !s.isAlwaysValid();
    }

    static void check(SequentialTest s, String at, Findings out) {
        Checks.oneOf(out, at + ".method", s.method(), METHODS);
        notNegative(out, at + ".relativeTolerance", s.relativeTolerance());
        Double absolute = s.absoluteTolerance();
        if (absolute != null && !(absolute >= 0 && absolute < 100)) {
            out.error(at + ".absoluteTolerance", "must be at least 0 and less than 100 (percentage points), got "
                    + CheckRules.number(absolute));
        }
        if (isSprt(s)) {
            if (absolute != null || s.relativeTolerance() != null) {
                out.warning(at, "absoluteTolerance and relativeTolerance apply to method always-valid only; the SPRT ignores them");
            }
            return;
        }
        if (s.failingErrorRate() != null || s.power() != null) {
            out.warning(at, "failingErrorRate and power are not used by the always-valid test, which needs no failing rate");
        }
        if (Boolean.TRUE.equals(s.promoteEarly())) {
            out.error(at + ".promoteEarly", "the always-valid test only rejects (it has no accept bound), so it cannot promote early; "
                    + "use method sprt");
        }
        LatencyTest latency = s.latency();
        if (latency == null) {
            errorRate(s, at, out);
        } else {
            latency(s, latency, at, out);
        }
    }

    private static void errorRate(SequentialTest s, String at, Findings out) {
        Checks.required(out, at + ".requests", s.requests());
        Checks.required(out, at + ".errors", s.errors());
        if (Checks.isBlank(s.primaryRequests()) != Checks.isBlank(s.primaryErrors())) {
            out.error(at, "must set both primaryRequests and primaryErrors, or neither");
        }
        Double acceptable = s.acceptableErrorRate();
        if (acceptable == null && !s.comparesToPrimary()) {
            out.error(at + ".acceptableErrorRate", "is required unless primaryRequests and primaryErrors are set");
        } else if (acceptable != null && !(acceptable > 0 && acceptable < 100)) {
            out.error(at + ".acceptableErrorRate", "must be greater than 0 and less than 100 (percent), got "
                    + CheckRules.number(acceptable));
        }
    }

    private static void latency(SequentialTest s, LatencyTest latency, String at, Findings out) {
        String path = at + ".latency";
        if (SequentialTest.SPRT.equals(s.method())) {
            out.error(at + ".method", "a latency test is always-valid; set method always-valid or leave it unset");
        }
        Checks.required(out, path + ".buckets", latency.buckets());
        if (latency.bound().isBlank()) {
            out.error(path + ".bound", Checks.REQUIRED);
        } else if (!isBucketBound(latency.bound())) {
            out.error(path + ".bound", "must be a histogram bucket boundary (the le label value, e.g. \"0.5\"), got "
                    + Checks.quote(latency.bound()));
        }
        Double allowed = latency.allowedSlowPercent();
        if (allowed == null && !latency.comparesToPrimary()) {
            out.error(path + ".allowedSlowPercent", "is required unless primaryBuckets is set");
        } else if (allowed != null && !(allowed > 0 && allowed < 100)) {
            out.error(path + ".allowedSlowPercent", "must be greater than 0 and less than 100 (percent), got "
                    + CheckRules.number(allowed));
        }
        if (!s.requests().isBlank() || !s.errors().isBlank() || s.acceptableErrorRate() != null || s.comparesToPrimary()) {
            out.warning(at, "requests, errors, primaryRequests, primaryErrors and acceptableErrorRate are ignored by a latency test, "
                    + "which counts requests from latency.buckets");
        }
    }

    /** A finite, positive number as Prometheus writes an {@code le} label ({@code +Inf} counts everything: no bound). */
    private static boolean isBucketBound(String bound) {
        try {
            double value = Double.parseDouble(bound.strip());
            return Double.isFinite(value) && value > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void notNegative(Findings out, String path, @Nullable Double value) {
        if (value != null && value < 0) {
            out.error(path, "must not be negative, got " + CheckRules.number(value));
        }
    }
}
