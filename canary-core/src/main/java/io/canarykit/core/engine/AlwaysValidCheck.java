package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.LatencyTest;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.core.statistics.AlwaysValidRateTest;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The always-valid sequential test ({@code method: always-valid}, and every {@code latency} test):
 * an e-process on cumulative counts since the analysis started, against the allowed rate and/or the
 * primary's rate plus the tolerance. Reaching ln(1/α) fails the check (the engine rolls back at
 * once); below it the check passes, since there is no evidence of harm — the test has no accept
 * bound, and the canary advances on the analysis schedule. The evidence carries the counts, the log
 * e-value (statistic) and ln(1/α) (upper bound).
 */
final class AlwaysValidCheck {

    private final ExtensionChecks counting;

    AlwaysValidCheck(ExtensionChecks counting) {
        this.counting = counting;
    }

    CheckResult check(Canary canary, CanaryMetric metric, SequentialTest test, MetricSource source, TemplateVariables vars,
            @Nullable Instant at) {
        LatencyTest latency = test.latency();
        ExtensionChecks.Counts mine;
        ExtensionChecks.Counts primary = null;
        try {
            if (latency != null) {
                mine = slowRequests(metric, latency.buckets(), latency.bound(), source, vars, at);
                if (latency.comparesToPrimary()) {
                    primary = slowRequests(metric, latency.primaryBuckets(), latency.bound(), source, vars, at);
                }
            } else {
                mine = counting.counts(metric, test.requests(), test.errors(), source, vars, at);
                if (test.comparesToPrimary()) {
                    primary = counting.counts(metric, test.primaryRequests(), test.primaryErrors(), source, vars, at);
                }
            }
        } catch (ExtensionChecks.CountException e) {
            return CheckResult.of(metric.name(), "", null, null, Verdict.ERROR, e.getMessage());
        }
        Double allowedPercent = latency != null ? latency.allowedSlowPercent() : test.acceptableErrorRate();
        AlwaysValidRateTest av = new AlwaysValidRateTest(test.alphaOrDefault());
        // With both nulls the canary is rejected only when it is worse than both: the smaller e-value decides.
        double statistic = Double.POSITIVE_INFINITY;
        if (allowedPercent != null) {
            statistic = av.againstRate(mine.errors(), mine.requests(), allowedPercent / 100);
        }
        if (primary != null) {
            statistic = Math.min(statistic, av.againstPrimary(mine.errors(), mine.requests(), primary.errors(), primary.requests(),
                    test.absoluteToleranceFraction(), test.relativeToleranceOrZero()));
        }
        if (Double.isInfinite(statistic)) {
            return CheckResult.of(metric.name(), "", null, null, Verdict.ERROR, "Metric query failed for " + metric.name()
                    + ": sequential test not possible: set " + (latency != null ? "latency.allowedSlowPercent or latency.primaryBuckets"
                    : "acceptableErrorRate or primaryRequests and primaryErrors"));
        }
        double rate = percent(mine);
        Evidence evidence = new Evidence(null, mine.requests(), mine.errors(), primary == null ? null : primary.requests(),
                primary == null ? null : primary.errors(), statistic, null, av.rejectBound());
        String query = mine.errorsQuery() + " / " + mine.requestsQuery();
        if (statistic < av.rejectBound()) {
            return new CheckResult(metric.name(), query, rate, null, allowedPercent, Verdict.PASS, "", evidence);
        }
        String what = latency != null ? "requests slower than le=" + latency.bound() : "errors";
        String message = "Halt " + canary.name() + "." + canary.namespace() + " advancement " + metric.name() + " sequential test: "
                + mine.errors() + " " + what + " in " + mine.requests() + " requests (" + number(rate) + "%), log e-value "
                + number(statistic) + " ≥ " + number(av.rejectBound()) + " = ln(1/α) (always-valid test, α "
                + GoFormat.number(test.alphaOrDefault()) + "): the rate exceeds " + exceeded(allowedPercent, primary, test);
        return new CheckResult(metric.name(), query, rate, null, allowedPercent, Verdict.FAIL, message, evidence);
    }

    /** Slow requests as "errors": all requests (le="+Inf") minus those within the bound. */
    private ExtensionChecks.Counts slowRequests(CanaryMetric metric, @Nullable String selector, String bound, MetricSource source,
            TemplateVariables vars, @Nullable Instant at) {
        String series = selector == null ? "" : selector;
        String allQuery = counting.render(metric, LatencyTest.bucketQuery(series, LatencyTest.ALL), source, vars);
        String fastQuery = counting.render(metric, LatencyTest.bucketQuery(series, bound), source, vars);
        long all = counting.count(metric, source, allQuery, at, vars.interval());
        long fast = counting.count(metric, source, fastQuery, at, vars.interval());
        if (fast > all) {
            throw new ExtensionChecks.CountException("Metric query failed for " + metric.name() + ": " + fast + " requests within le="
                    + bound + " but " + all + " in all; check latency.buckets");
        }
        return new ExtensionChecks.Counts(all, all - fast, allQuery, "(" + allQuery + " - " + fastQuery + ")");
    }

    /** The null hypotheses the canary was shown to break, in words. */
    private static String exceeded(@Nullable Double allowedPercent, ExtensionChecks.@Nullable Counts primary, SequentialTest test) {
        String allowed = allowedPercent == null ? "" : "the allowed " + GoFormat.number(allowedPercent) + "%";
        if (primary == null) {
            return allowed;
        }
        StringBuilder tolerance = new StringBuilder();
        if (test.absoluteTolerance() != null && test.absoluteTolerance() > 0) {
            tolerance.append(" + ").append(GoFormat.number(test.absoluteTolerance())).append(" points");
        }
        if (test.relativeTolerance() != null && test.relativeTolerance() > 0) {
            tolerance.append(" + ").append(GoFormat.number(test.relativeTolerance() * 100)).append("% of it");
        }
        String versus = "the primary's " + number(percent(primary)) + "% (" + primary.errors() + " in " + primary.requests() + ")"
                + tolerance;
        return allowed.isEmpty() ? versus : allowed + " and " + versus;
    }

    private static double percent(ExtensionChecks.Counts counts) {
        return counts.requests() == 0 ? 0 : 100.0 * counts.errors() / counts.requests();
    }

    private static String number(double value) {
        return GoFormat.number(Math.round(value * 1000) / 1000.0);
    }
}
