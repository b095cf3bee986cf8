package io.canarykit.core.statistics;

/**
 * Wald's sequential probability ratio test (1945) for an error rate: H0 "the rate is
 * {@code acceptable}" against H1 "the rate is {@code failing}", observing requests one by one (or in
 * cumulative counts — the log-likelihood ratio depends on the counts only).
 *
 * <p>The test stops with "reject H0" when the log-likelihood ratio reaches ln((1−β)/α) and with
 * "accept H0" when it falls to ln(β/(1−α)); then P(reject | H0) ≤ α (false rollbacks) and
 * P(accept | H1) ≤ β (missed bad canaries), up to overshoot. Its expected sample sizes are the
 * smallest of any test with those error rates (Wald–Wolfowitz), which is why a canary can be judged
 * in seconds when the evidence is strong.
 */
public record BernoulliSprt(double acceptable, double failing, double alpha, double beta) {

    public BernoulliSprt {
        if (!(acceptable > 0 && acceptable < failing && failing < 1)) {
            throw new IllegalArgumentException("need 0 < acceptable < failing < 1, got " + acceptable + " and " + failing);
        }
        if (!(alpha > 0 && beta > 0 && alpha + beta < 1)) {
            throw new IllegalArgumentException("need alpha > 0, beta > 0 and alpha + beta < 1, got " + alpha + " and " + beta);
        }
    }

    /** The test for a false-rollback probability {@code alpha} and a power (1 − β) against {@code failing}. */
    public static BernoulliSprt of(double acceptable, double failing, double alpha, double power) {
        return new BernoulliSprt(acceptable, failing, alpha, 1 - power);
    }

    /** ln((1−β)/α): reaching it rejects H0. */
    public double rejectBound() {
        return Math.log((1 - beta) / alpha);
    }

    /** ln(β/(1−α)): reaching it accepts H0. */
    public double acceptBound() {
        return Math.log(beta / (1 - alpha));
    }

    /** The log-likelihood ratio of H1 against H0 after {@code errors} failures in {@code trials} requests. */
    public double logLikelihoodRatio(long errors, long trials) {
        if (errors < 0 || trials < errors) {
            throw new IllegalArgumentException("need 0 ≤ errors ≤ trials, got " + errors + " of " + trials);
        }
        return errors * Math.log(failing / acceptable) + (trials - errors) * Math.log((1 - failing) / (1 - acceptable));
    }

    public SprtDecision decide(long errors, long trials) {
        double llr = logLikelihoodRatio(errors, trials);
        if (llr >= rejectBound()) {
            return SprtDecision.REJECT_ACCEPTABLE;
        }
        return llr <= acceptBound() ? SprtDecision.ACCEPT_ACCEPTABLE : SprtDecision.CONTINUE;
    }

    /** KL(failing ‖ acceptable), the evidence per request when the canary really fails. */
    public double divergenceUnderFailing() {
        return kl(failing, acceptable);
    }

    /** KL(acceptable ‖ failing), the evidence per request when the canary is healthy. */
    public double divergenceUnderAcceptable() {
        return kl(acceptable, failing);
    }

    /** Wald's approximation of the expected number of requests to a decision when the rate is {@code failing}. */
    public double expectedSamplesWhenFailing() {
        return ((1 - beta) * rejectBound() + beta * acceptBound()) / divergenceUnderFailing();
    }

    /** Wald's approximation of the expected number of requests to a decision when the rate is {@code acceptable}. */
    public double expectedSamplesWhenAcceptable() {
        return -((1 - alpha) * acceptBound() + alpha * rejectBound()) / divergenceUnderAcceptable();
    }

    private static double kl(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }
}
