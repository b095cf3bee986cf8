package io.canarykit.api.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An Istio-shaped string match: one of {@code exact}, {@code prefix}, {@code suffix}, {@code regex}. */
public record StringMatch(@Nullable String exact, @Nullable String prefix, @Nullable String suffix, @Nullable String regex) {

    public static StringMatch exact(String value) {
        return new StringMatch(value, null, null, null);
    }

    public static StringMatch prefix(String value) {
        return new StringMatch(null, value, null, null);
    }

    public static StringMatch regex(String value) {
        return new StringMatch(null, null, null, value);
    }

    /** Which kind of match is set: {@code exact}, {@code prefix}, {@code suffix} or {@code regex}. */
    public Optional<String> kind() {
        if (exact != null) {
            return Optional.of("exact");
        }
        if (prefix != null) {
            return Optional.of("prefix");
        }
        if (suffix != null) {
            return Optional.of("suffix");
        }
        return regex != null ? Optional.of("regex") : Optional.empty();
    }

    /** How many of the four kinds are set; a valid match sets exactly one. */
    public int kindsSet() {
        int n = 0;
        for (String s : new String[] {exact, prefix, suffix, regex}) {
            if (s != null) {
                n++;
            }
        }
        return n;
    }
}
