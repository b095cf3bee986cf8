package io.canarykit.testkit.simulation;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name a misspelt one was probably meant to be ({@code error_rate} → {@code error-rate}),
 * by Levenshtein distance. Only close matches count: a suggestion that shares little with what was
 * typed would mislead more than it helps.
 */
final class ClosestName {

    private ClosestName() {
    }

    /**
     * The known name within a small edit distance of {@code name} (case-insensitive): at most 2
     * edits, and at most a third of the longer name, so short names need near-exact matches.
     */
    static Optional<String> of(String name, Collection<String> known) {
        String typed = name.toLowerCase(Locale.ROOT);
        return known.stream()
                .filter(candidate -> {
                    int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
                    return distance <= 2 && distance * 3 <= Math.max(typed.length(), candidate.length());
                })
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** {@code (did you mean "error-rate"? known: error-rate, request-duration)}; {@code (known: none)} without names. */
    static String hint(String name, Collection<String> known) {
        String suggestion = of(name, known).map(c -> "did you mean \"" + c + "\"? ").orElse("");
        String names = known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList());
        return "(" + suggestion + "known: " + names + ")";
    }

    /** The Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
