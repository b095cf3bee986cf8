package io.canarykit.core.engine;

import io.canarykit.api.spi.QueryQuoting;
import org.jspecify.annotations.Nullable;

/**
 * Renders metric query templates in Flagger's dialect of Go's text/template: actions
 * {@code {{ target }}}, {@code {{ variables.key }}} and the other {@link TemplateVariables}, with
 * optional trim markers ({@code {{-} and {@code -}}}). A missing variable key or an unknown name
 * is an error (Go's {@code missingkey=error}), never an empty string. Rendering is one pass: a
 * value containing {@code {{} is text, never another action.
 *
 * <p>With a {@link QueryQuoting} (as the engine renders), every value is checked for the place it
 * lands: inside a string literal it is escaped as the language escapes (or refused when the
 * language has no escape the engine trusts); outside literals only plain tokens are accepted; the
 * Kubernetes names and the durations must be plain tokens anywhere. A refused value is a render
 * error that names the placeholder, never a silently altered query.
 */
public final class TemplateRenderer {

    private TemplateRenderer() {
    }

    /** The rendered query, or the reason it cannot be rendered; values are put in as they are (no quoting). */
    public static Rendered render(String template, TemplateVariables vars) {
        return CompiledTemplate.compile(template, null).bind(vars).render(vars.elapsed());
    }

    /** The rendered query with every value checked and quoted for {@code quoting}, or the reason it cannot be rendered. */
    public static Rendered render(String template, TemplateVariables vars, QueryQuoting quoting) {
        return CompiledTemplate.compile(template, quoting).bind(vars).render(vars.elapsed());
    }

    /** A rendering: the query, or (when {@code error} is not empty) why there is none. */
    public record Rendered(String query, String error) {

        static Rendered error(String message) {
            return new Rendered("", message);
        }

        public boolean ok() {
            return error.isEmpty();
        }
    }

    /** Whether {@code value} is a plain token: letters, digits and {@code _ . : -} (every Kubernetes name and Go duration is). */
    static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} quoted and escaped for a message, so that a newline or quote in it stays visible. */
    static String shown(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
