package io.canarykit.core.validation;

import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.StringMatch;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The reusable field checks rules are built from; each message follows {@code <reason>, got <value>}. */
final class Checks {

    static final String REQUIRED = "is required";

    private Checks() {
    }

    static boolean isBlank(@Nullable String text) {
        return text == null || text.isBlank();
    }

    static void required(Findings out, String path, @Nullable String value) {
        if (isBlank(value)) {
            out.error(path, REQUIRED);
        }
    }

    static void between(Findings out, String path, @Nullable Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            out.error(path, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void atLeast(Findings out, String path, @Nullable Integer value, int min) {
        if (value != null && value < min) {
            out.error(path, "must be at least " + min + ", got " + value);
        }
    }

    /** An enum-like string: absent or empty passes, anything else must be one of {@code allowed}. */
    static void oneOf(Findings out, String path, @Nullable String value, Collection<String> allowed) {
        if (!isBlank(value) && !allowed.contains(value)) {
            out.error(path, "must be one of " + String.join(", ", allowed) + ", got " + quote(value)
                    + ClosestName.hint(value, allowed));
        }
    }

    /** Parses a Go duration, reporting an error when it cannot be parsed. */
    static Optional<Duration> duration(Findings out, String path, @Nullable String value) {
        if (isBlank(value)) {
            return Optional.empty();
        }
        Optional<Duration> parsed = GoDuration.tryParse(value);
        if (parsed.isEmpty()) {
            out.error(path, GoDuration.problem(value));
        }
        return parsed;
    }

    static void httpUrl(Findings out, String path, @Nullable String value) {
        if (isBlank(value)) {
            return;
        }
        if (!isHttpUrl(value)) {
            out.error(path, "must be an absolute http or https URL, got " + quote(value));
        }
    }

    static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** An Istio-shaped string match must set exactly one of exact, prefix, suffix, regex. */
    static void stringMatch(Findings out, String path, @Nullable StringMatch match) {
        if (match == null) {
            return;
        }
        if (match.kindsSet() != 1) {
            List<String> set = new java.util.ArrayList<>();
            if (match.exact() != null) {
                set.add("exact");
            }
            if (match.prefix() != null) {
                set.add("prefix");
            }
            if (match.suffix() != null) {
                set.add("suffix");
            }
            if (match.regex() != null) {
                set.add("regex");
            }
            out.error(path, "must set exactly one of exact, prefix, suffix, regex, got "
                    + (set.isEmpty() ? "none" : String.join(" and ", set)));
        }
    }

    /** Reports every entry whose key was already used by an earlier entry. */
    static <T> void unique(Findings out, String listPath, List<T> items, Function<T, String> key, String field) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String k = key.apply(items.get(i));
            if (k.isEmpty()) {
                continue;
            }
            Integer first = seen.putIfAbsent(k, i);
            if (first != null) {
                out.error(listPath + "[" + i + "]." + field,
                        "must be unique, got " + quote(k) + " again (first at " + listPath + "[" + first + "])");
            }
        }
    }

    static String quote(@Nullable String value) {
        return Printable.quote(value);
    }
}
