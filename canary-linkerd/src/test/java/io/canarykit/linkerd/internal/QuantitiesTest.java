package io.canarykit.linkerd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SMI v1alpha1 weights are Kubernetes quantities; any form a person or a tool writes reads as its value. */
class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"100, 100", "0, 0", "90, 90", "900m, 0.9", "100m, 0.1", "1k, 1000", "1Ki, 1024", "1e2, 100", "2.5, 2.5",
            "'  7 ', 7", "5M, 5000000"})
    void parsesQuantityStrings(String text, String value) {
        assertThat(Quantities.parse(text)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal(value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10%", "1x", "m", "1 0"})
    void refusesWhatIsNoQuantity(String text) {
        assertThat(Quantities.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void readsJsonNumbersAndNothingElse() {
        assertThat(Quantities.parse(10)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("10"));
        assertThat(Quantities.parse(2.5d)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2.5"));
        assertThat(Quantities.parse(null)).isEmpty();
        assertThat(Quantities.parse(java.util.List.of())).isEmpty();
    }
}
