package io.canarykit.core.statistics;

/**
 * An always-valid test that a canary's error rate (or slow-request fraction) is not too high: no
 * alternative rate to configure, valid however often it is looked at.
 *
 * <p>The statistic is an e-process built by universal inference (Wasserman, Ramdas and Balakrishnan
 * 2020): the Jeffreys mixture likelihood of the counts (numerator) over the largest likelihood any
 * rate allowed by H0 gives them (denominator). For the true rates θ of a canary that meets H0,
 * the statistic is at most the mixture likelihood ratio against θ, a nonnegative martingale with
 * mean 1, so by Ville's inequality (1939) P(the statistic ever reaches 1/α) ≤ α — at any stopping
 * time, with any number of looks, and whatever batches the counts arrive in. That is exact for
 * Bernoulli requests: no normal approximation, no overshoot correction.
 *
 * <ul>
 *   <li>{@link #againstRate}: H0 "the rate is at most p0". The denominator is the likelihood at
 *       p0 once the observed rate exceeds p0 — the statistic is then the mixture sequential
 *       probability ratio of Robbins (1970) and Johari et al. (2017) — and at the observed rate
 *       otherwise (the statistic is then at most 1: no evidence).</li>
 *   <li>{@link #againstPrimary}: H0 "the canary's rate is at most the primary's rate × (1 + r) + d".
 *       Numerator: independent Jeffreys mixtures for canary and primary; denominator: the joint
 *       likelihood maximised under that constraint (a one-dimensional concave maximisation).</li>
 * </ul>
 *
 * Values are natural logarithms; the test rejects when the statistic reaches {@link #rejectBound()} = ln(1/α).
 */
public record AlwaysValidRateTest(double alpha) {

    private static final int SEARCH_STEPS = 200;

    public AlwaysValidRateTest {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need 0 < alpha < 1, got " + alpha);
        }
    }

    /** ln(1/α): a statistic at or above it rejects H0. */
    public double rejectBound() {
        return Math.log(1 / alpha);
    }

    /** The log e-value of "the rate is at most {@code allowed}" after {@code errors} in {@code trials}. */
    public double againstRate(long errors, long trials, double allowed) {
        counts(errors, trials);
        if (!(allowed > 0 && allowed < 1)) {
            throw new IllegalArgumentException("need 0 < allowed rate < 1, got " + allowed);
        }
        double observed = trials == 0 ? 0 : (double) errors / trials;
        double nullRate = Math.min(observed, allowed);
        return BinomialLikelihood.logJeffreysMixture(errors, trials) - BinomialLikelihood.log(errors, trials, nullRate);
    }

    /**
     * The log e-value of "the canary's rate is at most the primary's × (1 + {@code relative}) +
     * {@code absolute}" (both tolerances as fractions, not percent).
     */
    public double againstPrimary(long canaryErrors, long canaryTrials, long primaryErrors, long primaryTrials, double absolute,
            double relative) {
        counts(canaryErrors, canaryTrials);
        counts(primaryErrors, primaryTrials);
        if (!(absolute >= 0 && absolute < 1 && relative >= 0)) {
            throw new IllegalArgumentException("need 0 ≤ absolute tolerance < 1 and relative tolerance ≥ 0, got " + absolute
                    + " and " + relative);
        }
        double mixture = BinomialLikelihood.logJeffreysMixture(canaryErrors, canaryTrials)
                + BinomialLikelihood.logJeffreysMixture(primaryErrors, primaryTrials);
        double canaryRate = canaryTrials == 0 ? 0 : (double) canaryErrors / canaryTrials;
        double primaryRate = primaryTrials == 0 ? 0 : (double) primaryErrors / primaryTrials;
        double best;
        if (canaryRate <= primaryRate * (1 + relative) + absolute) {
            // The unconstrained maximum already meets H0: the statistic is at most 1.
            best = BinomialLikelihood.log(canaryErrors, canaryTrials, canaryRate)
                    + BinomialLikelihood.log(primaryErrors, primaryTrials, primaryRate);
        } else {
            best = constrainedMaximum(canaryErrors, canaryTrials, primaryErrors, primaryTrials, absolute, relative);
        }
        return mixture - best;
    }

    /**
     * The joint log-likelihood maximised on the boundary canary = primary × (1 + r) + d, over the
     * primary's rate q in [0, (1 − d)/(1 + r)]: concave in q, so a ternary search finds it.
     */
    private static double constrainedMaximum(long ec, long nc, long ep, long np, double absolute, double relative) {
        double low = 0;
        double high = Math.min(1, (1 - absolute) / (1 + relative));
        for (int i = 0; i < SEARCH_STEPS && high - low > 1e-15; i++) {
            double a = low + (high - low) / 3;
            double b = high - (high - low) / 3;
            if (joint(ec, nc, ep, np, a, absolute, relative) < joint(ec, nc, ep, np, b, absolute, relative)) {
                low = a;
            } else {
                high = b;
            }
        }
        double q = (low + high) / 2;
        // The endpoints are candidates too: the maximum of a concave function may sit on the boundary.
        return Math.max(joint(ec, nc, ep, np, q, absolute, relative),
                Math.max(joint(ec, nc, ep, np, 0, absolute, relative),
                        joint(ec, nc, ep, np, Math.min(1, (1 - absolute) / (1 + relative)), absolute, relative)));
    }

    private static double joint(long ec, long nc, long ep, long np, double q, double absolute, double relative) {
        double canary = Math.min(1, q * (1 + relative) + absolute);
        return safeLog(ec, nc, canary) + safeLog(ep, np, q);
    }

    /** The log-likelihood, −∞ where the rate makes the counts impossible (errors at rate 0, successes at rate 1). */
    private static double safeLog(long errors, long trials, double p) {
        if ((p <= 0 && errors > 0) || (p >= 1 && trials > errors)) {
            return Double.NEGATIVE_INFINITY;
        }
        return BinomialLikelihood.log(errors, trials, p);
    }

    private static void counts(long errors, long trials) {
        if (errors < 0 || trials < errors) {
            throw new IllegalArgumentException("need 0 ≤ errors ≤ trials, got " + errors + " of " + trials);
        }
    }
}
