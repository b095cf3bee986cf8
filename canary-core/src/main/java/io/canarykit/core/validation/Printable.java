package io.canarykit.core.validation;

import org.jspecify.annotations.Nullable;

/** How violations quote what the user wrote: on one line, escaped, and short. */
public final class Printable {

    /** Longer values are cut: a megabyte string is quoted by its start and its length. */
    static final int MAX_QUOTED = 120;

    private Printable() {
    }

    /** {@code "value"}, cut after {@value #MAX_QUOTED} characters with the full length stated. */
    public static String quote(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        if (value.length() <= MAX_QUOTED) {
            return "\"" + value + "\"";
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_QUOTED - 1)) ? MAX_QUOTED - 1 : MAX_QUOTED;
        return "\"" + value.substring(0, end) + "...\" (" + value.length() + " characters)";
    }

    /** {@code text} with line breaks, control and invisible formatting characters written as escapes. */
    static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                out.append(escape != null ? escape : String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static @Nullable String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        int type = Character.getType(c);
        boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
        return invisible ? String.format("\\u%04X", (int) c) : null;
    }
}
