package io.canarykit.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequentialTestTest {

    @Test
    void todaysSprtIsTheDefaultMethod() {
        SequentialTest sprt = new SequentialTest("r", "e", null, null, 1.0, 5.0, 0.01, 0.95, "1s", true);

        assertThat(sprt.isAlwaysValid()).isFalse();
        assertThat(sprt.method()).isNull();
        assertThat(sprt.isPromoteEarly()).isTrue();
    }

    @Test
    void theAlwaysValidTestNeverPromotesEarlyBecausePassingIsNotAccepting() {
        SequentialTest test = new SequentialTest("r", "e", null, null, 1.0, null, null, null, null, true,
                SequentialTest.ALWAYS_VALID, null, null, null);

        assertThat(test.isAlwaysValid()).isTrue();
        assertThat(test.isPromoteEarly()).isFalse();
        assertThat(SequentialTest.alwaysValid("r", "e", 1, null, "1s").isAlwaysValid()).isTrue();
    }

    @Test
    void aLatencyTestIsAlwaysValidAndTolerancesAreFractions() {
        SequentialTest test = new SequentialTest("", "", null, null, null, null, null, null, null, null, null, 0.5, 0.1,
                new LatencyTest("h_bucket", null, "0.5", 1.0));

        assertThat(test.isAlwaysValid()).isTrue();
        assertThat(test.absoluteToleranceFraction()).isEqualTo(0.005);
        assertThat(test.relativeToleranceOrZero()).isEqualTo(0.1);
        assertThat(test.latency().comparesToPrimary()).isFalse();
    }

    @Test
    void bucketQueriesPutTheLeMatcherInsideTheSelector() {
        assertThat(LatencyTest.bucketQuery("h_bucket{deployment=\"{{ target }}\"}", "0.5"))
                .isEqualTo("sum(increase(h_bucket{deployment=\"{{ target }}\",le=\"0.5\"}[{{ elapsed }}]))");
        assertThat(LatencyTest.bucketQuery(" h_bucket ", LatencyTest.ALL))
                .isEqualTo("sum(increase(h_bucket{le=\"+Inf\"}[{{ elapsed }}]))");
        assertThat(LatencyTest.bucketQuery("h_bucket{}", "1")).isEqualTo("sum(increase(h_bucket{le=\"1\"}[{{ elapsed }}]))");
    }
}
