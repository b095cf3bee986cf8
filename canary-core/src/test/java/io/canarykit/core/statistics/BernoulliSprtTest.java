package io.canarykit.core.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BernoulliSprtTest {

    @Test
    void waldsBoundsForTheTextbookErrorRates() {
        // Wald (1947): A = (1−β)/α, B = β/(1−α); α = 0.05, β = 0.2 gives A = 16 and B = 0.2105.
        BernoulliSprt test = new BernoulliSprt(0.01, 0.05, 0.05, 0.2);

        assertThat(Math.exp(test.rejectBound())).isCloseTo(16.0, within(1e-12));
        assertThat(Math.exp(test.acceptBound())).isCloseTo(0.2 / 0.95, within(1e-12));
        assertThat(test.rejectBound()).isCloseTo(2.7726, within(1e-4));
        assertThat(test.acceptBound()).isCloseTo(-1.5581, within(1e-4));
    }

    @ParameterizedTest(name = "{0} → {1}, α {2}, β {3}: KL {4}, E1[N] {5}, E0[N] {6}")
    @CsvSource({
        // p0,   p1,    α,     β,    KL(p1‖p0), E1[N], E0[N] — the worked table of the reference notes (peers.md D.3)
        "0.001, 0.01,  0.01,  0.05, 0.0141,    300,   430",
        "0.001, 0.01,  0.001, 0.01, 0.0141,    480,   680",
        "0.001, 0.05,  0.01,  0.05, 0.148,     28,    63",
        "0.01,  0.02,  0.01,  0.05, 0.0039,    1070,  930",
        "0.01,  0.05,  0.01,  0.05, 0.041,     100,   120"})
    void expectedSampleSizesMatchPublishedValues(double p0, double p1, double alpha, double beta, double kl, double whenFailing,
            double whenAcceptable) {
        BernoulliSprt test = new BernoulliSprt(p0, p1, alpha, beta);

        assertThat(test.divergenceUnderFailing()).isCloseTo(kl, within(kl * 0.03));
        assertThat(test.expectedSamplesWhenFailing()).isCloseTo(whenFailing, within(whenFailing * 0.06));
        assertThat(test.expectedSamplesWhenAcceptable()).isCloseTo(whenAcceptable, within(whenAcceptable * 0.06));
    }

    @Test
    void theLikelihoodRatioDependsOnTheCountsOnly() {
        BernoulliSprt test = BernoulliSprt.of(0.01, 0.05, 0.01, 0.95);

        // Each error adds ln 5; each success adds ln(0.95/0.99).
        assertThat(test.logLikelihoodRatio(3, 10)).isCloseTo(3 * Math.log(5) + 7 * Math.log(0.95 / 0.99), within(1e-12));
        assertThat(test.decide(0, 0)).isEqualTo(SprtDecision.CONTINUE);
        assertThat(test.decide(3, 10)).isEqualTo(SprtDecision.CONTINUE);
        assertThat(test.decide(4, 10)).isEqualTo(SprtDecision.REJECT_ACCEPTABLE);
        assertThat(test.decide(0, 120)).isEqualTo(SprtDecision.ACCEPT_ACCEPTABLE);
    }

    @Test
    void simulatedErrorRatesStayWithinTheTestsGuarantees() {
        BernoulliSprt test = BernoulliSprt.of(0.01, 0.05, 0.01, 0.95);
        SplittableRandom random = new SplittableRandom(42);
        int runs = 4_000;
        int falseRejections = 0;
        int misses = 0;
        long samplesWhenFailing = 0;
        for (int run = 0; run < runs; run++) {
            falseRejections += decideOnStream(test, 0.01, random, null) == SprtDecision.REJECT_ACCEPTABLE ? 1 : 0;
            long[] samples = new long[1];
            misses += decideOnStream(test, 0.05, random, samples) == SprtDecision.ACCEPT_ACCEPTABLE ? 1 : 0;
            samplesWhenFailing += samples[0];
        }
        // α = 1 %, β = 5 %: Wald's bounds keep the realised rates at or below them (up to sampling noise).
        assertThat(falseRejections / (double) runs).isLessThan(0.015);
        assertThat(misses / (double) runs).isLessThan(0.065);
        assertThat(samplesWhenFailing / (double) runs).isCloseTo(test.expectedSamplesWhenFailing(),
                within(test.expectedSamplesWhenFailing() * 0.25));
    }

    private static SprtDecision decideOnStream(BernoulliSprt test, double rate, SplittableRandom random, long[] samples) {
        long errors = 0;
        for (long n = 1; n <= 100_000; n++) {
            errors += random.nextDouble() < rate ? 1 : 0;
            SprtDecision decision = test.decide(errors, n);
            if (decision != SprtDecision.CONTINUE) {
                if (samples != null) {
                    samples[0] = n;
                }
                return decision;
            }
        }
        return SprtDecision.CONTINUE;
    }

    @Test
    void rejectsImpossibleConfigurations() {
        assertThatThrownBy(() -> new BernoulliSprt(0.05, 0.01, 0.01, 0.05)).hasMessageContaining("acceptable < failing");
        assertThatThrownBy(() -> new BernoulliSprt(0.01, 0.05, 0.6, 0.5)).hasMessageContaining("alpha + beta < 1");
    }
}
