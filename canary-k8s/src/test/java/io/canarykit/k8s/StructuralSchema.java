package io.canarykit.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small validator of a document against a CRD's structural schema, as kube-apiserver validates a
 * custom resource: type, required, enum, pattern, minimum/maximum (exclusive too), min/maxItems,
 * min/maxLength, oneOf/anyOf/allOf/not, nullable, x-kubernetes-int-or-string and
 * x-kubernetes-preserve-unknown-fields. Unknown fields are pruned by the server, so they are no
 * error here; a null value is unset, as the server prunes it. Patterns are unanchored (Go's
 * {@code MatchString}), so a pattern anchors itself.
 */
final class StructuralSchema {

    private StructuralSchema() {
    }

    /** Every violation of {@code schema} by {@code value}, as {@code path: reason}; empty when valid. */
    static List<String> violations(JSONSchemaProps schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        validate(schema, value, "", out);
        return out;
    }

    private static void validate(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
        if (value.isNull()) {
            return;
        }
        if (!typeMatches(schema, value)) {
            out.add(path + ": must be of type " + (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())
                    ? "integer or string" : schema.getType()) + ", got " + value);
            return;
        }
        valueValidations(schema, value, path, out);
        if (value.isObject()) {
            Map<String, JSONSchemaProps> properties = schema.getProperties();
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String at = path + "." + field.getKey();
                if (properties != null && properties.containsKey(field.getKey())) {
                    validate(properties.get(field.getKey()), field.getValue(), at, out);
                } else if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
                    validate(schema.getAdditionalProperties().getSchema(), field.getValue(), at, out);
                }
                // Otherwise pruned (or kept verbatim under x-kubernetes-preserve-unknown-fields): never an error.
            }
        }
        if (value.isArray() && schema.getItems() != null && schema.getItems().getSchema() != null) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.getItems().getSchema(), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    /** The validations that may also appear inside oneOf, anyOf, allOf and not (no type, no pruning). */
    private static void valueValidations(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && !schema.getEnum().contains(value)) {
            out.add(path + ": must be one of " + schema.getEnum() + ", got " + value);
        }
        if (value.isTextual()) {
            String text = value.textValue();
            if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
                out.add(path + ": must match " + schema.getPattern() + ", got " + value);
            }
            if (schema.getMinLength() != null && text.codePointCount(0, text.length()) < schema.getMinLength()) {
                out.add(path + ": must be at least " + schema.getMinLength() + " characters");
            }
            if (schema.getMaxLength() != null && text.codePointCount(0, text.length()) > schema.getMaxLength()) {
                out.add(path + ": must be at most " + schema.getMaxLength() + " characters");
            }
        }
        if (value.isNumber()) {
            bounds(schema, value.doubleValue(), path, out);
        }
        if (value.isArray()) {
            if (schema.getMinItems() != null && value.size() < schema.getMinItems()) {
                out.add(path + ": must have at least " + schema.getMinItems() + " items");
            }
            if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
                out.add(path + ": must have at most " + schema.getMaxItems() + " items");
            }
        }
        if (value.isObject()) {
            if (schema.getRequired() != null) {
                for (String field : schema.getRequired()) {
                    if (!value.has(field) || value.get(field).isNull()) {
                        out.add(path + "." + field + ": Required value");
                    }
                }
            }
            // Inside the junctors: properties carry value validations only.
            if (schema.getType() == null && schema.getProperties() != null) {
                schema.getProperties().forEach((name, sub) -> {
                    if (value.has(name) && !value.get(name).isNull()) {
                        valueValidations(sub, value.get(name), path + "." + name, out);
                    }
                });
            }
        }
        junctors(schema, value, path, out);
    }

    private static void bounds(JSONSchemaProps schema, double number, String path, List<String> out) {
        Double min = schema.getMinimum();
        Double max = schema.getMaximum();
        if (min != null && (Boolean.TRUE.equals(schema.getExclusiveMinimum()) ? number <= min : number < min)) {
            out.add(path + ": must be " + (Boolean.TRUE.equals(schema.getExclusiveMinimum()) ? "greater than " : "at least ") + min);
        }
        if (max != null && (Boolean.TRUE.equals(schema.getExclusiveMaximum()) ? number >= max : number > max)) {
            out.add(path + ": must be " + (Boolean.TRUE.equals(schema.getExclusiveMaximum()) ? "less than " : "at most ") + max);
        }
    }

    private static void junctors(JSONSchemaProps schema, JsonNode value, String path, List<String> out) {
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(s -> valueValidations(s, value, path, out));
        }
        if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()
                && schema.getAnyOf().stream().noneMatch(s -> passes(s, value, path))) {
            out.add(path + ": must match at least one schema in anyOf");
        }
        if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()
                && schema.getOneOf().stream().filter(s -> passes(s, value, path)).count() != 1) {
            out.add(path + ": must match exactly one schema in oneOf");
        }
        if (schema.getNot() != null && passes(schema.getNot(), value, path)) {
            out.add(path + ": must not validate the schema (not)");
        }
    }

    private static boolean passes(JSONSchemaProps schema, JsonNode value, String path) {
        List<String> found = new ArrayList<>();
        valueValidations(schema, value, path, found);
        return found.isEmpty();
    }

    private static boolean typeMatches(JSONSchemaProps schema, JsonNode value) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            return value.isIntegralNumber() || value.isTextual();
        }
        String type = schema.getType();
        if (type == null) {
            return Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        }
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
