package io.canarykit.gatewayapi.crd;

import java.util.Set;

/**
 * Kubernetes' escaping of property names in CEL ({@code apiextensions-apiserver .../cel/model/escaping.go}):
 * a property named after a CEL keyword is {@code __keyword__} in a rule (the HTTPRoute rules on
 * {@code parentRefs} read {@code p1.__namespace__}), and {@code _ . - /} are spelled out.
 */
final class CelNames {

    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const", "continue",
            "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");

    private CelNames() {
    }

    static String escape(String name) {
        if (RESERVED.contains(name)) {
            return "__" + name + "__";
        }
        return name.replace("__", "__underscores__").replace(".", "__dot__").replace("-", "__dash__").replace("/", "__slash__");
    }
}
