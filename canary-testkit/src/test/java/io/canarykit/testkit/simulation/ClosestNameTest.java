package io.canarykit.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClosestNameTest {

    private static final List<String> KNOWN = List.of("request-duration", "error-rate", "request-success-rate");

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "error_rate, error-rate, 1", "'', abc, 3", "abc, abc, 0", "flaw, lawn, 2"})
    void countsTheFewestEdits(String a, String b, int distance) {
        assertThat(ClosestName.distance(a, b)).isEqualTo(distance);
        assertThat(ClosestName.distance(b, a)).isEqualTo(distance);
    }

    @Test
    void suggestsOnlyCloseNames() {
        assertThat(ClosestName.of("error_rate", KNOWN)).contains("error-rate");
        assertThat(ClosestName.of("Error-Rate", KNOWN)).contains("error-rate");
        assertThat(ClosestName.of("request-durations", KNOWN)).contains("request-duration");
        assertThat(ClosestName.of("latency", KNOWN)).isEmpty();
        // Two edits in a three-letter name change most of it: no suggestion.
        assertThat(ClosestName.of("abc", List.of("xyc"))).isEmpty();
    }

    @Test
    void theHintListsTheKnownNamesSorted() {
        assertThat(ClosestName.hint("error_rate", KNOWN))
                .isEqualTo("(did you mean \"error-rate\"? known: error-rate, request-duration, request-success-rate)");
        assertThat(ClosestName.hint("x", List.of())).isEqualTo("(known: none)");
    }
}
