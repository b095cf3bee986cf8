package io.canarykit.core.statistics;

/**
 * An always-valid test that a canary's error rate (or slow-request fraction) is not too high: no
 * alternative rate to configure, valid however often it is looked at.
 *
 * <p>The statistic is an e-process: a mixture likelihood of the counts, with Jeffreys' prior
 * Beta(½, ½) over the rates (numerator), against the likelihood under H0 (denominator). For a
 * canary that meets H0 it is at most a nonnegative supermartingale that starts at 1, so by Ville's
 * inequality (1939) P(the statistic ever reaches 1/α) ≤ α — at any stopping time, with any number
 * of looks, and whatever batches the counts arrive in. That is exact for Bernoulli requests: no
 * normal approximation, no overshoot correction.
 *
 * <ul>
 *   <li>{@link #againstRate}: H0 "the rate is at most p0". The mixture sequential probability
 *       ratio (Robbins 1970; Johari et al. 2017) with Jeffreys' prior restricted to rates above
 *       p0, against the likelihood at p0: a nonnegative supermartingale under every rate ≤ p0,
 *       constant or not.</li>
 *   <li>{@link #againstPrimary}: H0 "the canary's rate is at most the primary's rate × (1 + r) + d",
 *       both rates constant. Universal inference (Wasserman, Ramdas and Balakrishnan 2020):
 *       numerator, independent Jeffreys mixtures for canary and primary; denominator, the joint
 *       likelihood maximised under H0 (a one-dimensional concave maximisation). For the true rates
 *       θ in H0 the statistic is at most the mixture's likelihood ratio against θ, a martingale
 *       with mean 1.</li>
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

    /**
     * The log e-value of "the rate is at most {@code allowed}" after {@code errors} in {@code trials}:
     * the Jeffreys mixture restricted to rates above {@code allowed}, over the likelihood at
     * {@code allowed}. Each request multiplies the ratio for an alternative q ≥ p0 by a factor whose
     * mean is 1 + (p − p0)(q − p0)/(p0(1 − p0)) ≤ 1 when the request's own error probability p is at
     * most p0 — so the statistic is a supermartingale even when the canary's rate varies over time,
     * as long as it stays within the allowed rate.
     */
    public double againstRate(long errors, long trials, double allowed) {
        counts(errors, trials);
        if (!(allowed > 0 && allowed < 1)) {
            throw new IllegalArgumentException("need 0 < allowed rate < 1, got " + allowed);
        }
        double a = errors + 0.5;
        double b = trials - errors + 0.5;
        // The prior's and the posterior's mass above p0: P(Q > p0) = I_{1−p0}(b, a) for Q ~ Beta(a, b).
        double posteriorAbove = IncompleteBeta.logRegularized(1 - allowed, b, a);
        double priorAbove = IncompleteBeta.logRegularized(1 - allowed, 0.5, 0.5);
        return BinomialLikelihood.logJeffreysMixture(errors, trials) + posteriorAbove - priorAbove
                - BinomialLikelihood.log(errors, trials, allowed);
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
