package io.canarykit.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownNamesTest {

    private static final List<String> KNOWN = List.of("request-duration", "error-rate", "request-success-rate");

    @Test
    void theHintSuggestsACloseNameAndListsTheKnownNamesSorted() {
        assertThat(KnownNames.hint("error_rate", KNOWN))
                .isEqualTo("(did you mean \"error-rate\"? known: error-rate, request-duration, request-success-rate)");
        assertThat(KnownNames.hint("Error-Rate", KNOWN)).startsWith("(did you mean \"error-rate\"?");
        assertThat(KnownNames.hint("latency", KNOWN)).isEqualTo("(known: error-rate, request-duration, request-success-rate)");
        assertThat(KnownNames.hint("x", List.of())).isEqualTo("(known: none)");
    }
}
