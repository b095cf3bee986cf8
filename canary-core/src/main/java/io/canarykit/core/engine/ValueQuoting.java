package io.canarykit.core.engine;

import io.canarykit.api.spi.QueryQuoting;
import org.jspecify.annotations.Nullable;

/**
 * Puts one template value into a query, safely for the place it lands (see
 * {@link TemplateRenderer}): Kubernetes names and durations must be plain tokens; a variable
 * outside a literal must be a plain token; inside a literal it is escaped as the language escapes,
 * or refused where no escape is trusted.
 */
final class ValueQuoting {

    private ValueQuoting() {
    }

    /** Appends {@code value} to {@code out}; returns why it cannot go there (nothing appended), or an empty string. */
    static String put(StringBuilder out, CompiledTemplate.Slot slot, String value, @Nullable QueryQuoting quoting) {
        if (quoting == null) {
            out.append(value);
            return "";
        }
        String name = slot.name();
        if (!name.startsWith("variables.")) {
            if (TemplateRenderer.isToken(value)) {
                out.append(value);
                return "";
            }
            String what = name.equals("interval") || name.equals("elapsed") ? "a duration" : "a Kubernetes name";
            return "{{ " + name + " }} is " + TemplateRenderer.shown(value) + ", not " + what;
        }
        String refused = refusedCharacter(value, quoting.refused());
        if (!refused.isEmpty()) {
            return "{{ " + name + " }} is " + TemplateRenderer.shown(value) + ": " + refused + " cannot go into a " + quoting.language()
                    + " query";
        }
        QueryQuoting.Quote quote = slot.place().quote();
        if (quote == null) {
            if (TemplateRenderer.isToken(value)) {
                out.append(value);
                return "";
            }
            if (slot.place().ambiguous()) {
                return "{{ " + name + " }} is " + TemplateRenderer.shown(value) + ": after a comment marker or a backslash it is unclear"
                        + " whether the placeholder is inside a string literal of the " + quoting.language()
                        + " query, so a value may hold only letters, digits and _ . : -";
            }
            return "{{ " + name + " }} is " + TemplateRenderer.shown(value) + ": outside a string literal of the " + quoting.language()
                    + " query a value may hold only letters, digits and _ . : - (quote the placeholder in the template to pass text)";
        }
        return switch (quote.escaping()) {
            case BACKSLASH, FLUX, JSON -> {
                escape(out, value, quote);
                yield "";
            }
            case NONE -> {
                if (holdsUnsafe(value, quote.delimiter())) {
                    yield "{{ " + name + " }} is " + TemplateRenderer.shown(value) + ": a " + quote.delimiter() + "…" + quote.delimiter()
                            + " string of " + quoting.language() + " cannot hold its quote, a backslash or a control character safely";
                }
                out.append(value);
                yield "";
            }
        };
    }

    private static String refusedCharacter(String value, String refused) {
        for (int i = 0; i < refused.length(); i++) {
            if (value.indexOf(refused.charAt(i)) >= 0) {
                return "\"" + refused.charAt(i) + "\"";
            }
        }
        return "";
    }

    private static boolean holdsUnsafe(String value, char delimiter) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == delimiter || c == '\\' || c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Go's, Flux's and JSON's escapes agree on everything a value needs: the backslash, the quote and control characters. */
    private static void escape(StringBuilder out, String value, QueryQuoting.Quote quote) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == quote.delimiter()) {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                if (quote.escaping() == QueryQuoting.Escaping.FLUX) {
                    // Flux has no \\u escape for control characters: leave them out rather than guess.
                    continue;
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '$' && quote.escaping() == QueryQuoting.Escaping.FLUX && i + 1 < value.length() && value.charAt(i + 1) == '{') {
                // "${" interpolates an expression in a Flux string.
                out.append("\\$");
            } else {
                out.append(c);
            }
        }
    }
}
