package io.canarykit.core.statistics;

/** Log-likelihoods of error counts under Bernoulli requests: e errors in n requests at rate p. */
final class BinomialLikelihood {

    private BinomialLikelihood() {
    }

    /** e·ln p + (n − e)·ln(1 − p), with 0·ln 0 = 0 (no errors at rate 0 is certain, not impossible). */
    static double log(long errors, long trials, double p) {
        double fromErrors = errors == 0 ? 0 : errors * Math.log(p);
        double fromSuccesses = trials == errors ? 0 : (trials - errors) * Math.log1p(-p);
        return fromErrors + fromSuccesses;
    }

    /**
     * The Krichevsky–Trofimov mixture: the probability of the observed sequence when the rate is
     * drawn once from Jeffreys' prior Beta(½, ½), i.e. B(e + ½, n − e + ½) / B(½, ½). It depends on
     * the counts only, and its log is within ½·ln n + ln 2 of the best fixed rate in hindsight for
     * every sequence (Krichevsky and Trofimov 1981), so it tracks whatever rate the canary really has.
     */
    static double logJeffreysMixture(long errors, long trials) {
        return LogBeta.of(errors + 0.5, trials - errors + 0.5) - LogBeta.of(0.5, 0.5);
    }
}
