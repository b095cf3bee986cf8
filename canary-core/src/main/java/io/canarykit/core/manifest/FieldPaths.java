package io.canarykit.core.manifest;

import io.canarykit.core.validation.Printable;
import java.util.regex.Pattern;

/** Builds the field paths used in violations: {@code spec.analysis.metrics[0].name}. */
final class FieldPaths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private FieldPaths() {
    }

    /** A record component, or an unknown field, which is quoted like a key when it is not a plain name. */
    static String field(String parent, String name) {
        if (!PLAIN_KEY.matcher(name).matches()) {
            return quoted(parent, name);
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A map key; keys such as {@code app.kubernetes.io/name} are quoted so the path stays unambiguous. */
    static String key(String parent, String key) {
        return PLAIN_KEY.matcher(key).matches() ? field(parent, key) : quoted(parent, key);
    }

    private static String quoted(String parent, String key) {
        return parent + "[" + Printable.quote(key.replace("\\", "\\\\").replace("\"", "\\\"")) + "]";
    }
}
