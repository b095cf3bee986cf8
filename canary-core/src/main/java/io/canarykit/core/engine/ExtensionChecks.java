package io.canarykit.core.engine;

import io.canarykit.api.model.BaselineComparison;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.core.statistics.BernoulliSprt;
import io.canarykit.core.statistics.SprtDecision;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * CanaryKit's checks beyond Flagger's: a minimum sample count (below it the verdict is
 * insufficient-data), a comparison with the primary's value, and the sequential error-rate test.
 * A metric without these extensions is judged exactly as Flagger judges it.
 */
final class ExtensionChecks {

    private final MetricQueries queries;
    private final QueryRenderCache renderer;
    private final AlwaysValidCheck alwaysValid;

    ExtensionChecks(MetricQueries queries, QueryRenderCache renderer) {
        this.queries = queries;
        this.renderer = renderer;
        this.alwaysValid = new AlwaysValidCheck(this);
    }

    /** Whether {@link #refine} has anything to do for {@code metric}. */
    static boolean applies(CanaryMetric metric) {
        return metric.minSamples() != null || metric.baseline() != null;
    }

    /** Applies {@code minSamples} and {@code baseline} to a check Flagger's rules have judged. */
    CheckResult refine(Canary canary, CanaryMetric metric, CheckResult judged, Measurement m) {
        if (judged.verdict() != Verdict.PASS && judged.verdict() != Verdict.FAIL) {
            return judged;
        }
        CheckResult result = judged;
        SampleRequirement requirement = metric.minSamples();
        if (requirement != null) {
            TemplateRenderer.Rendered rendered = renderer.render(requirement.query(), m.quoting(), m.vars(), m.elapsed());
            if (!rendered.ok()) {
                return with(judged, Verdict.ERROR, "Metric query failed for " + metric.name() + ": sample query render error: "
                        + rendered.error());
            }
            MetricResult count = queries.query(m.source(), rendered.query(), m.at(), m.vars().interval());
            if (count instanceof MetricResult.Failure failure) {
                return with(judged, Verdict.ERROR, "Metric query failed for " + metric.name() + ": sample count: " + failure.message());
            }
            // No samples at all is the clearest case of too few, not a broken check.
            long samples = count instanceof MetricResult.Value value ? (long) value.value() : 0;
            result = result.withEvidence(Evidence.samples(samples));
            if (samples < requirement.countOrZero()) {
                return with(result, Verdict.INSUFFICIENT_DATA, "Halt advancement insufficient data for " + metric.name() + ": "
                        + samples + " samples < " + requirement.countOrZero() + " required");
            }
        }
        BaselineComparison baseline = metric.baseline();
        if (baseline == null || result.verdict() == Verdict.FAIL || result.value() == null) {
            return result;
        }
        String template = baseline.query() == null || baseline.query().isBlank() ? m.queryTemplate() : baseline.query();
        TemplateVariables vars = baseline.query() == null || baseline.query().isBlank()
                ? m.vars().withTarget(canary.spec().primaryTargetName()) : m.vars();
        TemplateRenderer.Rendered rendered = renderer.render(template, m.quoting(), vars, m.elapsed());
        if (!rendered.ok()) {
            return with(result, Verdict.ERROR, "Metric query failed for " + metric.name() + ": baseline query render error: "
                    + rendered.error());
        }
        MetricResult answer = queries.query(m.source(), rendered.query(), m.at(), m.vars().interval());
        if (answer instanceof MetricResult.NoData) {
            return with(result, Verdict.NO_DATA, "Halt advancement no baseline values found for metric: " + metric.name());
        }
        if (answer instanceof MetricResult.Failure failure) {
            return with(result, Verdict.ERROR, "Metric query failed for " + metric.name() + " baseline: " + failure.message());
        }
        double primary = m.inUnits(((MetricResult.Value) answer).value());
        double canaryValue = result.value();
        result = result.withEvidence(result.evidence().withBaseline(primary));
        if (!baseline.accepts(canaryValue, primary)) {
            String sign = baseline.higherIsBetter() ? " < " : " > ";
            // Rounded to a millionth: the bound is derived, and 98.90100000000001 helps nobody.
            String bound = GoFormat.number(Math.round((baseline.higherIsBetter() ? primary - baseline.allowance(primary)
                    : primary + baseline.allowance(primary)) * 1e6) / 1e6);
            return with(result, Verdict.FAIL, "Halt " + canary.name() + "." + canary.namespace() + " advancement " + metric.name()
                    + " " + GoFormat.number(canaryValue) + sign + bound + " (primary " + GoFormat.number(primary) + ")");
        }
        return result;
    }

    /**
     * The sequential test on cumulative counts since the analysis started: a crossed reject bound
     * fails (and rolls back at once), a crossed accept bound passes, anything between is
     * insufficient-data.
     */
    CheckResult sequential(Canary canary, CanaryMetric metric, SequentialTest test, MetricSource source, TemplateVariables vars,
            @Nullable Instant at) {
        if (test.isAlwaysValid()) {
            return alwaysValid.check(canary, metric, test, source, vars, at);
        }
        Counts canaryCounts;
        try {
            canaryCounts = counts(metric, test.requests(), test.errors(), source, vars, at);
        } catch (CountException e) {
            return CheckResult.of(metric.name(), "", null, null, Verdict.ERROR, e.getMessage());
        }
        double acceptable = test.acceptableErrorRate() == null ? 1 : test.acceptableErrorRate();
        double failing = test.failingErrorRate() == null ? acceptable * 5 : test.failingErrorRate();
        double p0 = acceptable / 100;
        double p1 = failing / 100;
        Counts primary = null;
        if (test.comparesToPrimary()) {
            try {
                primary = counts(metric, test.primaryRequests(), test.primaryErrors(), source, vars, at);
            } catch (CountException e) {
                return CheckResult.of(metric.name(), "", null, null, Verdict.ERROR, e.getMessage());
            }
            // The primary's (smoothed) rate raises H0 when it is worse than the configured one; H1 keeps its ratio.
            double primaryRate = (primary.errors + 1.0) / (primary.requests + 2.0);
            if (primaryRate > p0) {
                p1 = Math.min(0.999, p1 * primaryRate / p0);
                p0 = primaryRate;
            }
        }
        BernoulliSprt sprt;
        try {
            // The default failing rate (five times the acceptable one) stays a rate: below 100%.
            sprt = BernoulliSprt.of(p0, Math.max(Math.min(p1, 0.999), Math.nextUp(p0)), test.alphaOrDefault(),
                    test.powerOrDefault());
        } catch (IllegalArgumentException e) {
            return CheckResult.of(metric.name(), "", null, null, Verdict.ERROR,
                    "Metric query failed for " + metric.name() + ": sequential test not possible: " + e.getMessage());
        }
        double llr = sprt.logLikelihoodRatio(canaryCounts.errors, canaryCounts.requests);
        double rate = canaryCounts.requests == 0 ? 0 : 100.0 * canaryCounts.errors / canaryCounts.requests;
        Evidence evidence = new Evidence(null, canaryCounts.requests, canaryCounts.errors, primary == null ? null : primary.requests,
                primary == null ? null : primary.errors, llr, sprt.acceptBound(), sprt.rejectBound());
        String observed = canaryCounts.errors + " errors in " + canaryCounts.requests + " requests ("
                + GoFormat.number(Math.round(rate * 100) / 100.0) + "%)";
        String statistic = "log-likelihood ratio " + GoFormat.number(round(llr));
        SprtDecision decision = sprt.decide(canaryCounts.errors, canaryCounts.requests);
        String query = canaryCounts.errorsQuery + " / " + canaryCounts.requestsQuery;
        return switch (decision) {
            case REJECT_ACCEPTABLE -> new CheckResult(metric.name(), query, rate, null, failing, Verdict.FAIL,
                    "Halt " + canary.name() + "." + canary.namespace() + " advancement " + metric.name() + " sequential test: "
                            + observed + ", " + statistic + " ≥ " + GoFormat.number(round(sprt.rejectBound())) + " (error rate "
                            + GoFormat.number(failing) + "% rather than " + GoFormat.number(round(p0 * 100)) + "%, α "
                            + GoFormat.number(test.alphaOrDefault()) + ")", evidence);
            case ACCEPT_ACCEPTABLE -> new CheckResult(metric.name(), query, rate, null, failing, Verdict.PASS, "", evidence);
            case CONTINUE -> new CheckResult(metric.name(), query, rate, null, failing, Verdict.INSUFFICIENT_DATA,
                    "Halt advancement " + metric.name() + " sequential test undecided: " + observed + ", " + statistic + " between "
                            + GoFormat.number(round(sprt.acceptBound())) + " and " + GoFormat.number(round(sprt.rejectBound())),
                    evidence);
        };
    }

    Counts counts(CanaryMetric metric, @Nullable String requests, @Nullable String errors, MetricSource source,
            TemplateVariables vars, @Nullable Instant at) {
        String requestsQuery = render(metric, requests == null ? "" : requests, source, vars);
        String errorsQuery = render(metric, errors == null ? "" : errors, source, vars);
        long n = count(metric, source, requestsQuery, at, vars.interval());
        long e = count(metric, source, errorsQuery, at, vars.interval());
        if (e > n) {
            throw new CountException("Metric query failed for " + metric.name() + ": " + e + " errors in " + n
                    + " requests; check the sequential test's queries");
        }
        return new Counts(n, e, requestsQuery, errorsQuery);
    }

    String render(CanaryMetric metric, String template, MetricSource source, TemplateVariables vars) {
        TemplateRenderer.Rendered rendered = renderer.render(template, queries.quoting(source.type()), vars);
        if (!rendered.ok()) {
            throw new CountException("Metric query failed for " + metric.name() + ": query render error: " + rendered.error());
        }
        return rendered.query();
    }

    long count(CanaryMetric metric, MetricSource source, String query, @Nullable Instant at, String interval) {
        MetricResult result = queries.query(source, query, at, interval);
        if (result instanceof MetricResult.Failure failure) {
            throw new CountException("Metric query failed for " + metric.name() + ": " + failure.message());
        }
        // An empty result is no traffic yet: zero requests, zero errors.
        return result instanceof MetricResult.Value value ? Math.round(value.value()) : 0;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static CheckResult with(CheckResult check, Verdict verdict, String message) {
        return new CheckResult(check.metric(), check.query(), check.value(), check.min(), check.max(), verdict, message,
                check.evidence());
    }

    /** Cumulative counts and the queries that produced them. */
    record Counts(long requests, long errors, String requestsQuery, String errorsQuery) {
    }

    /** A count that could not be obtained; turned into an error verdict, never thrown out of the check. */
    static final class CountException extends RuntimeException {
        CountException(String message) {
            super(message, null, false, false);
        }
    }
}
