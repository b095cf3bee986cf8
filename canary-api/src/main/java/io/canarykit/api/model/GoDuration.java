package io.canarykit.api.model;

import io.canarykit.api.InvalidCanarySpecException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Go-style durations as Flagger manifests write them ({@code 30s}, {@code 1m30s}, {@code 500ms},
 * {@code 2h}, {@code 1.5h}): the one parser and formatter used everywhere in CanaryKit.
 *
 * <p>Accepted units are {@code ns, us, µs, ms, s, m, h}; a bare {@code 0} is zero. Formatting follows
 * Go's {@code time.Duration.String()} ({@code 1m30s}, {@code 1.515s}, {@code 500ms}, {@code 2h0m0s}),
 * so that event texts read exactly like Flagger's.
 */
public final class GoDuration {

    private GoDuration() {
    }

    /**
     * Parses a Go duration.
     *
     * @throws InvalidCanarySpecException with a reason such as {@code invalid duration "1x": unknown unit "x"}
     */
    public static Duration parse(String text) {
        return tryParse(text).orElseThrow(() -> new InvalidCanarySpecException(problem(text)));
    }

    /** Parses a Go duration, or returns empty when the text is not one. */
    public static Optional<Duration> tryParse(String text) {
        // Intervals, timeouts and cadences are read on every tick: each distinct text is parsed once.
        Optional<Duration> known = PARSED.get(text);
        if (known == null) {
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear();
            }
            known = parseUncached(text);
            PARSED.put(text, known);
        }
        return known;
    }

    /** Enough for every duration of a large fleet; past it the cache starts over. */
    private static final int MAX_PARSED = 1024;
    private static final java.util.Map<String, Optional<Duration>> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Optional<Duration> parseUncached(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = unitNanos(s.substring(unitStart, i));
            if (unit < 0) {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        try {
            long total = nanos.longValueExact();
            return Optional.of(Duration.ofNanos(negative ? -total : total));
        } catch (ArithmeticException fractionOrOverflow) {
            long total = nanos.longValue();
            return Optional.of(Duration.ofNanos(negative ? -total : total));
        }
    }

    /** Why {@code text} is not a duration, e.g. {@code invalid duration "1x"}. */
    public static String problem(String text) {
        return "invalid duration \"" + text + "\" (expected a Go duration such as 30s, 1m30s or 500ms)";
    }

    /** Formats like Go's {@code time.Duration.String()}. */
    public static String format(Duration duration) {
        long total = duration.toNanos();
        if (total == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (total < 0) {
            out.append('-');
            total = -total;
        }
        if (total < 1_000_000_000L) {
            if (total < 1_000L) {
                return out.append(total).append("ns").toString();
            }
            if (total < 1_000_000L) {
                return out.append(fraction(total, 1_000L)).append("µs").toString();
            }
            return out.append(fraction(total, 1_000_000L)).append("ms").toString();
        }
        long hours = total / 3_600_000_000_000L;
        long rest = total % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        long secondsNanos = rest % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(fraction(secondsNanos, 1_000_000_000L)).append('s').toString();
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1L;
        };
    }
}
