package io.canarykit.testkit.simulation;

import io.canarykit.core.validation.ClosestName;
import java.util.Collection;

/** The way out of an unknown name in a scenario: the closest known name, and all of them. */
final class KnownNames {

    private KnownNames() {
    }

    /** {@code (did you mean "error-rate"? known: error-rate, request-duration)}; {@code (known: none)} without names. */
    static String hint(String name, Collection<String> known) {
        String suggestion = ClosestName.to(name, known).map(c -> "did you mean \"" + c + "\"? ").orElse("");
        String names = known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList());
        return "(" + suggestion + "known: " + names + ")";
    }
}
