package io.canarykit.core.engine;

/**
 * Renders metric query templates in Flagger's dialect of Go's text/template: actions
 * {@code {{ target }}}, {@code {{ variables.key }}} and the other {@link TemplateVariables}, with
 * optional trim markers ({@code {{-} and {@code -}}}). A missing variable key or an unknown name
 * is an error (Go's {@code missingkey=error}), never an empty string.
 */
public final class TemplateRenderer {

    private TemplateRenderer() {
    }

    /** The rendered query, or the reason it cannot be rendered. */
    public static Rendered render(String template, TemplateVariables vars) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                return new Rendered(out.toString(), "");
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                return Rendered.error("unclosed action at offset " + open);
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
            out.append(text);
            try {
                out.append(resolve(action.trim(), vars));
            } catch (RuntimeException e) {
                // A template is user input: whatever it contains, the answer is an error, never a crash.
                return Rendered.error(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            i = close + 2;
            if (trimRight) {
                while (i < template.length() && Character.isWhitespace(template.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private static String resolve(String name, TemplateVariables vars) {
        return switch (name) {
            case "name" -> vars.name();
            case "namespace" -> vars.namespace();
            case "target" -> vars.target();
            case "service" -> vars.service();
            case "ingress" -> vars.ingress();
            case "route" -> vars.route();
            case "interval" -> vars.interval();
            case "elapsed" -> vars.elapsed();
            default -> variable(name, vars);
        };
    }

    private static String variable(String name, TemplateVariables vars) {
        if (name.startsWith("variables.") && name.length() > "variables.".length()) {
            String key = name.substring("variables.".length());
            String value = vars.variables().get(key);
            if (value == null) {
                throw new IllegalArgumentException("executing at <" + name + ">: map has no entry for key \"" + key + "\"");
            }
            return value;
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("missing value for command");
        }
        String function = name.split("[\\s.]", 2)[0];
        throw new IllegalArgumentException("function \"" + function + "\" not defined");
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
}
