package io.canarykit.core.validation;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" of every message about an unknown name: the known name closest to a typo, by
 * edit distance (Damerau–Levenshtein with adjacent transpositions, case-insensitive), when it is
 * close enough to be a plausible typo rather than a different word; failing that, the one known
 * name that starts the typed one or that it starts ({@code maximum} for {@code max}).
 */
public final class ClosestName {

    private ClosestName() {
    }

    /**
     * The closest of {@code known} to {@code typed}, if within a third of its length (at least 1,
     * at most 3 edits); ties go to the earlier name in {@code known}.
     */
    public static Optional<String> to(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            // The distance is at least the difference in length: a pasted megabyte is compared with nothing.
            if (Math.abs(candidate.length() - typed.length()) > allowed) {
                continue;
            }
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= allowed) {
            return best.equals(typed) ? Optional.empty() : Optional.of(best);
        }
        return abbreviation(lower, known);
    }

    /** {@code maximum} for {@code max}, {@code intervalSeconds} for {@code interval}: one name is the start of the other. */
    private static Optional<String> abbreviation(String lower, Collection<String> known) {
        List<String> matches = known.stream().filter(name -> {
            String candidate = name.toLowerCase(Locale.ROOT);
            return Math.min(candidate.length(), lower.length()) >= 3 && (lower.startsWith(candidate) || candidate.startsWith(lower));
        }).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** {@code  (did you mean "x"?)} when there is a close name, else nothing: appended to a message. */
    public static String hint(String typed, Collection<String> known) {
        return to(typed, known).map(name -> " (did you mean \"" + name + "\"?)").orElse("");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
