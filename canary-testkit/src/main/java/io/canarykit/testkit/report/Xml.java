package io.canarykit.testkit.report;

import java.util.Locale;

/** Escaping and number formatting for the report's markup (which is well-formed XML as well as HTML). */
final class Xml {

    private Xml() {
    }

    static String text(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate with one decimal, locale-independent (a comma would break SVG). */
    static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
