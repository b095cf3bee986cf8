package io.canarykit.core.engine;

import io.canarykit.api.spi.QueryQuoting;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A query template parsed once: its literal text and its actions, each action with the lexical
 * place it lands in the query (inside which string literal, or outside any), so that binding the
 * variables only has to check and escape values. Errors (an unclosed action, an unknown name) are
 * kept in place and reported in template order, as Go's text/template reports the first.
 */
final class CompiledTemplate {

    /** An action: the variable it names, where it lands, and the error it raises instead (empty when none). */
    record Slot(String name, Place place, String error) {
    }

    /**
     * Where a value lands: outside any literal ({@code quote} absent), or inside a literal of
     * {@code quote}; {@code ambiguous} when the template's own quoting is unclear there.
     */
    record Place(QueryQuoting.@Nullable Quote quote, boolean ambiguous) {
        static final Place CODE = new Place(null, false);
    }

    private final List<Object> parts;
    private final @Nullable QueryQuoting quoting;

    private CompiledTemplate(List<Object> parts, @Nullable QueryQuoting quoting) {
        this.parts = parts;
        this.quoting = quoting;
    }

    /** Parses {@code template}; with {@code quoting} absent, values will be put in unchecked (Flagger's behaviour). */
    static CompiledTemplate compile(String template, @Nullable QueryQuoting quoting) {
        List<Object> parts = new ArrayList<>();
        Lexer lexer = quoting == null ? null : new Lexer(quoting);
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                literal(parts, lexer, template.substring(i));
                return new CompiledTemplate(parts, quoting);
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                literal(parts, lexer, template.substring(i, open));
                parts.add(new Slot("", Place.CODE, "unclosed action at offset " + open));
                return new CompiledTemplate(parts, quoting);
            }
            String text = template.substring(i, open);
            String action = template.substring(open + 2, close);
            // Go's trim markers are "{{- " and " -}}": the dash must touch the braces and a space
            // must separate it from the action ("{{-3}}" would be a number, not a marker).
            boolean trimLeft = action.length() >= 2 && action.charAt(0) == '-' && Character.isWhitespace(action.charAt(1));
            if (trimLeft) {
                text = text.stripTrailing();
                action = action.substring(1);
            }
            boolean trimRight = action.length() >= 2 && action.charAt(action.length() - 1) == '-'
                    && Character.isWhitespace(action.charAt(action.length() - 2));
            if (trimRight) {
                action = action.substring(0, action.length() - 1);
            }
            literal(parts, lexer, text);
            String name = action.trim();
            parts.add(new Slot(name, lexer == null ? Place.CODE : lexer.place(), nameError(name)));
            i = close + 2;
            if (trimRight) {
                while (i < template.length() && Character.isWhitespace(template.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private static void literal(List<Object> parts, @Nullable Lexer lexer, String text) {
        if (lexer != null) {
            lexer.scan(text);
        }
        if (!text.isEmpty()) {
            parts.add(text);
        }
    }

    /** Go's complaint about an action that names no variable we have; empty for a known name. */
    private static String nameError(String name) {
        switch (name) {
            case "name", "namespace", "target", "service", "ingress", "route", "interval", "elapsed" -> {
                return "";
            }
            default -> {
                if (name.startsWith("variables.") && name.length() > "variables.".length()) {
                    return "";
                }
                if (name.isEmpty()) {
                    return "missing value for command";
                }
                return "function \"" + name.split("[\\s.]", 2)[0] + "\" not defined";
            }
        }
    }

    /**
     * Puts every value but {@code elapsed} in (it changes every tick; {@link BoundQuery#render}
     * adds it). The first error in template order wins.
     */
    BoundQuery bind(TemplateVariables vars) {
        List<Object> bound = new ArrayList<>(parts.size());
        StringBuilder text = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String literal) {
                text.append(literal);
                continue;
            }
            Slot slot = (Slot) part;
            if (!slot.error().isEmpty()) {
                return BoundQuery.failed(slot.error());
            }
            if (slot.name().equals("elapsed")) {
                bound.add(text.toString());
                text.setLength(0);
                bound.add(slot);
                continue;
            }
            String value = value(slot.name(), vars);
            if (value == null) {
                String key = slot.name().substring("variables.".length());
                return BoundQuery.failed("executing at <" + slot.name() + ">: map has no entry for key \"" + key + "\"");
            }
            String error = ValueQuoting.put(text, slot, value, quoting);
            if (!error.isEmpty()) {
                return BoundQuery.failed(error);
            }
        }
        bound.add(text.toString());
        return BoundQuery.of(bound, quoting);
    }

    private static @Nullable String value(String name, TemplateVariables vars) {
        return switch (name) {
            case "name" -> vars.name();
            case "namespace" -> vars.namespace();
            case "target" -> vars.target();
            case "service" -> vars.service();
            case "ingress" -> vars.ingress();
            case "route" -> vars.route();
            case "interval" -> vars.interval();
            default -> vars.variables().get(name.substring("variables.".length()));
        };
    }

    /** Tracks, over the template's literal text, whether the query is inside a string literal or a comment. */
    private static final class Lexer {
        private final QueryQuoting quoting;
        private QueryQuoting.@Nullable Quote inside;
        private boolean comment;
        private boolean escaped;
        /** A backslash inside a literal whose escapes we do not know: where later literals end is unsure. */
        private boolean ambiguous;

        Lexer(QueryQuoting quoting) {
            this.quoting = quoting;
        }

        Place place() {
            if (ambiguous || comment || escaped) {
                // Unsure where we are (or right after a backslash): only plain tokens may go here.
                return new Place(null, true);
            }
            return inside == null ? Place.CODE : new Place(inside, false);
        }

        void scan(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (comment) {
                    comment = c != '\n';
                } else if (inside != null) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        if (inside.escaping() == QueryQuoting.Escaping.NONE) {
                            ambiguous = true;
                        } else {
                            escaped = true;
                        }
                    } else if (c == inside.delimiter()) {
                        inside = null;
                    }
                } else if (!quoting.lineComment().isEmpty() && text.startsWith(quoting.lineComment(), i)) {
                    comment = true;
                } else {
                    for (QueryQuoting.Quote quote : quoting.quotes()) {
                        if (quote.delimiter() == c) {
                            inside = quote;
                            break;
                        }
                    }
                }
            }
        }
    }
}
