package io.canarykit.core.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlwaysValidRateTestTest {

    private final AlwaysValidRateTest test = new AlwaysValidRateTest(0.01);

    @Test
    void logGammaMatchesKnownValues() {
        assertThat(LogBeta.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(LogBeta.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(LogBeta.logGamma(100)).isCloseTo(359.1342053695754, within(1e-10));
        assertThat(LogBeta.of(0.5, 0.5)).isCloseTo(Math.log(Math.PI), within(1e-13));
    }

    @Test
    void theStatisticIsTheRestrictedJeffreysMixtureOverTheLikelihoodAtTheAllowedRate() {
        // One error in one request: ∫ q dπ(q) over Jeffreys' prior restricted to q > 0.1, against 0.1;
        // that mean is (1/2 + (√(0.1·0.9) − asin √0.1)/π) / (1 − 2 asin(√0.1)/π), in closed form.
        double restricted = 1 - 2 * Math.asin(Math.sqrt(0.1)) / Math.PI;
        double mean = (0.5 + (Math.sqrt(0.1 * 0.9) - Math.asin(Math.sqrt(0.1))) / Math.PI) / restricted;
        assertThat(test.againstRate(1, 1, 0.1)).isCloseTo(Math.log(mean / 0.1), within(1e-12)).isCloseTo(1.8246971, within(1e-6));
        // Values from scipy.special.betaln and betainc.
        assertThat(test.againstRate(1, 2, 0.4)).isCloseTo(-0.5474456489602608, within(1e-10));
        assertThat(test.againstRate(10, 1000, 0.01)).isCloseTo(-4.270180363963718, within(1e-9));
        assertThat(test.againstRate(0, 0, 0.01)).isCloseTo(0, within(1e-12));
    }

    @Test
    void theIncompleteBetaFunctionMatchesScipyInLogarithmsFarIntoTheTail() {
        assertThat(IncompleteBeta.logRegularized(0.3, 3.5, 1.5)).isCloseTo(-3.5022412299575136, within(1e-12));
        assertThat(IncompleteBeta.logRegularized(0.01, 200.5, 5000.5)).isCloseTo(-127.51377659883859, within(1e-8));
        assertThat(IncompleteBeta.logRegularized(0.99, 0.5, 0.5)).isCloseTo(-0.0658925690292164, within(1e-12));
    }

    @Test
    void theRejectBoundIsTheLogOfOneOverAlpha() {
        assertThat(test.rejectBound()).isCloseTo(Math.log(100), within(1e-12));
        assertThat(new AlwaysValidRateTest(0.05).rejectBound()).isCloseTo(Math.log(20), within(1e-12));
    }

    @ParameterizedTest(name = "{0} errors in {1} requests, allowed {2}")
    @CsvSource({"0, 0, 0.01", "0, 1000, 0.01", "10, 1000, 0.01", "5, 1000, 0.01", "999, 1000, 0.999", "3, 10, 0.5"})
    void anObservedRateWithinTheAllowedOneIsNoEvidence(long errors, long trials, double allowed) {
        assertThat(test.againstRate(errors, trials, allowed)).isLessThanOrEqualTo(0);
    }

    @Test
    void aTwentyPercentCanaryIsRejectedAfterFifteenRequestsWithoutAFailingRate() {
        // Every fifth request fails; the allowed rate is 1%.
        assertThat(test.againstRate(2, 10, 0.01)).isLessThan(test.rejectBound());
        assertThat(test.againstRate(3, 15, 0.01)).isGreaterThanOrEqualTo(test.rejectBound()).isCloseTo(4.8933, within(1e-4));
    }

    @Test
    void tenMillionRequestsStayExact() {
        // 1.02% of ten million is 6 standard deviations above 1%: rejected; 0.99% is no evidence.
        assertThat(test.againstRate(102_000, 10_000_000, 0.01)).isGreaterThan(test.rejectBound()).isFinite();
        assertThat(test.againstRate(99_000, 10_000_000, 0.01)).isLessThan(0).isFinite();
        assertThat(test.againstRate(100_000, 10_000_000, 0.01)).isLessThan(test.rejectBound()).isFinite();
    }

    @Test
    void moreErrorsAreMoreEvidence() {
        double previous = Double.NEGATIVE_INFINITY;
        for (long errors = 10; errors <= 60; errors += 5) {
            double statistic = test.againstRate(errors, 3000, 0.01);
            assertThat(statistic).isGreaterThan(previous);
            previous = statistic;
        }
    }

    /**
     * Ville's inequality in action: a canary exactly at the allowed rate, checked after every 10
     * requests up to 5,000, is rejected in at most α of the runs (and in fewer below the rate).
     */
    @ParameterizedTest(name = "true rate {0}, allowed 1%: at most {1} of 1000 runs rejected")
    @CsvSource({"0.01, 10", "0.005, 10"})
    void continuousMonitoringAtTheAllowedRateRejectsAtMostAlphaOfTheRuns(double rate, int most) {
        SplittableRandom random = new SplittableRandom(42);
        int rejected = 0;
        for (int run = 0; run < 1000; run++) {
            long errors = 0;
            for (long n = 1; n <= 5000; n++) {
                errors += random.nextDouble() < rate ? 1 : 0;
                if (n % 10 == 0 && test.againstRate(errors, n, 0.01) >= test.rejectBound()) {
                    rejected++;
                    break;
                }
            }
        }
        assertThat(rejected).isLessThanOrEqualTo(most);
    }

    /** The supermartingale holds for any rate that stays within the limit, not only a constant one. */
    @Test
    void aRateThatVariesBelowTheLimitIsRejectedAtMostAlphaOfTheTime() {
        SplittableRandom random = new SplittableRandom(5);
        int rejected = 0;
        for (int run = 0; run < 1000; run++) {
            long errors = 0;
            for (long n = 1; n <= 5000; n++) {
                double rate = (n / 500) % 2 == 0 ? 0.01 : 0.002;
                errors += random.nextDouble() < rate ? 1 : 0;
                if (n % 10 == 0 && test.againstRate(errors, n, 0.01) >= test.rejectBound()) {
                    rejected++;
                    break;
                }
            }
        }
        assertThat(rejected).isLessThanOrEqualTo(10);
    }

    @Test
    void aCanaryNoWorseThanThePrimaryIsNoEvidence() {
        assertThat(test.againstPrimary(20, 1000, 80, 4000, 0, 0)).isLessThanOrEqualTo(0);
        assertThat(test.againstPrimary(0, 0, 0, 0, 0, 0)).isLessThanOrEqualTo(0);
        // 3% against 1% is within an absolute tolerance of 5 points, and within a relative one of 300%.
        assertThat(test.againstPrimary(30, 1000, 40, 4000, 0.05, 0)).isLessThanOrEqualTo(0);
        assertThat(test.againstPrimary(30, 1000, 40, 4000, 0, 3)).isLessThanOrEqualTo(0);
    }

    @Test
    void aCanaryFarWorseThanThePrimaryIsRejectedAndToleranceWeakensTheEvidence() {
        double strict = test.againstPrimary(20, 100, 10, 1000, 0, 0);
        double tolerant = test.againstPrimary(20, 100, 10, 1000, 0.05, 0);

        assertThat(strict).isGreaterThanOrEqualTo(test.rejectBound());
        assertThat(tolerant).isLessThan(strict).isGreaterThanOrEqualTo(test.rejectBound());
        assertThat(test.againstPrimary(20, 100, 10, 1000, 0.25, 0)).isLessThanOrEqualTo(0);
    }

    @Test
    void theConstrainedMaximumIsTheBruteForceOne() {
        long ec = 20;
        long nc = 100;
        long ep = 10;
        long np = 1000;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 1_000_000; i++) {
            double q = i / 1e6 * (1 - 0.02) / 1.1;
            best = Math.max(best, BinomialLikelihood.log(ec, nc, q * 1.1 + 0.02) + BinomialLikelihood.log(ep, np, q));
        }
        double mixture = BinomialLikelihood.logJeffreysMixture(ec, nc) + BinomialLikelihood.logJeffreysMixture(ep, np);

        assertThat(test.againstPrimary(ec, nc, ep, np, 0.02, 0.1)).isCloseTo(mixture - best, within(1e-6));
    }

    @Test
    void twoSampleMonitoringWithEqualRatesRejectsAtMostAlphaOfTheRuns() {
        SplittableRandom random = new SplittableRandom(7);
        int rejected = 0;
        for (int run = 0; run < 500; run++) {
            long ec = 0;
            long ep = 0;
            for (long second = 1; second <= 300; second++) {
                for (int r = 0; r < 10; r++) {
                    ec += random.nextDouble() < 0.02 ? 1 : 0;
                }
                for (int r = 0; r < 40; r++) {
                    ep += random.nextDouble() < 0.02 ? 1 : 0;
                }
                if (second % 5 == 0 && test.againstPrimary(ec, second * 10, ep, second * 40, 0, 0) >= test.rejectBound()) {
                    rejected++;
                    break;
                }
            }
        }
        assertThat(rejected).isLessThanOrEqualTo(5);
    }

    @Test
    void refusesImpossibleCountsAndSettings() {
        assertThatThrownBy(() -> test.againstRate(5, 4, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> test.againstRate(1, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> test.againstPrimary(1, 4, 1, 4, -0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlwaysValidRateTest(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
