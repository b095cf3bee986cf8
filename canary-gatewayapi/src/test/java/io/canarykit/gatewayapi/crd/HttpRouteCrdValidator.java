package io.canarykit.gatewayapi.crd;

import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a real API server does with an HTTPRoute on create, offline, from the official CRD: prune the
 * fields the schema does not know, apply the schema's defaults, then validate the OpenAPI schema
 * (types, required, enum, pattern (RE2), min/max length, items and value, list-type set/map
 * uniqueness) and every {@code x-kubernetes-validations} CEL rule with {@code self} bound to the
 * value at the rule's node ({@link CelRule}). Every rule is compiled when the CRD is loaded, so a
 * rule this validator cannot run fails the load instead of passing silently.
 *
 * <p>Not covered: {@code format} (the HTTPRoute spec has only int32/int64 numbers and a date-time
 * in status), CEL cost limits, metadata validation and admission webhooks.
 */
public final class HttpRouteCrdValidator {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String name;
    private final Map<String, Object> schema;
    private final CustomResourceDefinition crd;
    // Keyed by identity: schema nodes are compared by reference, not by their (large) content.
    private final Map<Map<String, Object>, List<CelRule>> rules = new IdentityHashMap<>();

    private HttpRouteCrdValidator(String name, Map<String, Object> schema, CustomResourceDefinition crd) {
        this.name = name;
        this.schema = schema;
        this.crd = crd;
        compileRules(schema, "");
    }

    /** The CRD at {@code resource} on the test class path, version {@code v1}. */
    public static HttpRouteCrdValidator load(String resource) {
        String yaml = read(resource);
        Map<String, Object> root = map(SERIALIZATION.unmarshal(yaml, Map.class));
        for (Object version : list(map(root.get("spec")).get("versions"))) {
            Map<String, Object> v = map(version);
            if ("v1".equals(v.get("name"))) {
                Map<String, Object> schema = map(map(v.get("schema")).get("openAPIV3Schema"));
                return new HttpRouteCrdValidator(resource, schema, SERIALIZATION.unmarshal(yaml, CustomResourceDefinition.class));
            }
        }
        throw new IllegalStateException(resource + " has no version v1");
    }

    public static HttpRouteCrdValidator v161() {
        return load("gateway-api/httproutes-standard-v1.6.1.yaml");
    }

    public static HttpRouteCrdValidator v100() {
        return load("gateway-api/httproutes-standard-v1.0.0.yaml");
    }

    /**
     * The CRD, to install in a mock API server: with v1 alone, as the stored version (v1.0.0 stores
     * v1beta1; the mock serves one version). The v1 schema is unchanged.
     */
    public CustomResourceDefinition crd() {
        CustomResourceDefinition copy = SERIALIZATION.clone(crd);
        copy.getSpec().getVersions().removeIf(v -> !"v1".equals(v.getName()));
        copy.getSpec().getVersions().get(0).setStorage(true);
        return copy;
    }

    /** How many CEL rules the schema carries (each compiled). */
    public int ruleCount() {
        return rules.values().stream().mapToInt(List::size).sum();
    }

    /** Every reason the API server would refuse {@code object} (an HTTPRoute as a JSON tree) on create. */
    public List<CrdViolation> validate(Object object) {
        Map<String, Object> stored = stored(object);
        List<CrdViolation> out = new ArrayList<>();
        validate(schema, stored, "", out);
        return out;
    }

    /** The paths of the fields the API server would prune (not in the schema), e.g. {@code spec.rules[0].timeouts}. */
    public List<String> prunedFields(Object object) {
        List<String> out = new ArrayList<>();
        prune(schema, normalize(object), "", out);
        return out;
    }

    /** What the API server stores: {@code object} pruned, then defaulted. */
    public Map<String, Object> stored(Object object) {
        Object copy = normalize(object);
        prune(schema, copy, "", new ArrayList<>());
        applyDefaults(schema, copy);
        return map(copy);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- CEL rules -------------------------------------------------------------------------------

    private void compileRules(Map<String, Object> node, String path) {
        List<CelRule> compiled = new ArrayList<>();
        for (Object validation : list(node.get("x-kubernetes-validations"))) {
            compiled.add(CelRule.compile(path.isEmpty() ? "<root>" : path, map(validation)));
        }
        if (!compiled.isEmpty()) {
            rules.put(node, compiled);
        }
        map(node.get("properties")).forEach((key, child) -> compileRules(map(child), join(path, key)));
        if (node.get("items") instanceof Map<?, ?> items) {
            compileRules(map(items), path + "[]");
        }
        if (node.get("additionalProperties") instanceof Map<?, ?> additional) {
            compileRules(map(additional), path + "{}");
        }
    }

    // ---- schema validation -----------------------------------------------------------------------

    private void validate(Map<String, Object> node, Object value, String path, List<CrdViolation> out) {
        if (!typeMatches(node, value, path, out)) {
            return;
        }
        if (node.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            out.add(new CrdViolation(path, "Unsupported value: " + quote(value) + ": supported values: " + allowed));
        }
        if (value instanceof String s) {
            strings(node, s, path, out);
        } else if (value instanceof Long n) {
            numbers(node, n, path, out);
        } else if (value instanceof List<?> items) {
            lists(node, items, path, out);
        } else if (value instanceof Map<?, ?> object) {
            objects(node, map(object), path, out);
        }
        List<CelRule> here = rules.getOrDefault(node, List.of());
        if (!here.isEmpty()) {
            Object self = celValue(node, value);
            for (CelRule rule : here) {
                rule.check(self).ifPresent(message -> out.add(new CrdViolation(path, "Invalid value: " + message)));
            }
        }
    }

    private static boolean typeMatches(Map<String, Object> node, Object value, String path, List<CrdViolation> out) {
        Object type = node.get("type");
        boolean ok = type == null || switch (type.toString()) {
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Long;
            case "number" -> value instanceof Long || value instanceof Double;
            case "boolean" -> value instanceof Boolean;
            default -> throw new IllegalStateException("unknown schema type " + type + " at " + path);
        };
        if (!ok) {
            out.add(new CrdViolation(path, "Invalid value: " + quote(value) + ": must be of type " + type));
        }
        return ok;
    }

    private static void strings(Map<String, Object> node, String s, String path, List<CrdViolation> out) {
        int length = s.codePointCount(0, s.length());
        if (node.get("maxLength") instanceof Number max && length > max.intValue()) {
            out.add(new CrdViolation(path, "Too long: may not be more than " + max + " bytes"));
        }
        if (node.get("minLength") instanceof Number min && length < min.intValue()) {
            out.add(new CrdViolation(path, "Invalid value: " + quote(s) + ": should be at least " + min + " chars long"));
        }
        if (node.get("pattern") instanceof String pattern && !Pattern.compile(pattern).matcher(s).find()) {
            out.add(new CrdViolation(path, "Invalid value: " + quote(s) + ": should match '" + pattern + "'"));
        }
    }

    private static void numbers(Map<String, Object> node, long n, String path, List<CrdViolation> out) {
        if (node.get("maximum") instanceof Number max && n > max.longValue()) {
            out.add(new CrdViolation(path, "Invalid value: " + n + ": should be less than or equal to " + max));
        }
        if (node.get("minimum") instanceof Number min && n < min.longValue()) {
            out.add(new CrdViolation(path, "Invalid value: " + n + ": should be greater than or equal to " + min));
        }
    }

    private void lists(Map<String, Object> node, List<?> items, String path, List<CrdViolation> out) {
        if (node.get("maxItems") instanceof Number max && items.size() > max.intValue()) {
            out.add(new CrdViolation(path, "Too many: " + items.size() + ": must have at most " + max + " items"));
        }
        if (node.get("minItems") instanceof Number min && items.size() < min.intValue()) {
            out.add(new CrdViolation(path, "Invalid value: " + items.size() + ": should have at least " + min + " items"));
        }
        String listType = String.valueOf(node.get("x-kubernetes-list-type"));
        List<?> keys = list(node.get("x-kubernetes-list-map-keys"));
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Object identity = "map".equals(listType) ? keys.stream().map(k -> map(item).get(k)).toList() : item;
            if (("set".equals(listType) || "map".equals(listType)) && !seen.add(identity)) {
                out.add(new CrdViolation(path + "[" + i + "]", "Duplicate value: " + quote(identity)));
            }
            if (node.get("items") instanceof Map<?, ?> itemSchema) {
                validate(map(itemSchema), item, path + "[" + i + "]", out);
            }
        }
    }

    private void objects(Map<String, Object> node, Map<String, Object> object, String path, List<CrdViolation> out) {
        for (Object required : list(node.get("required"))) {
            if (!object.containsKey(required.toString())) {
                out.add(new CrdViolation(join(path, required.toString()), "Required value"));
            }
        }
        Map<String, Object> properties = map(node.get("properties"));
        object.forEach((key, value) -> {
            if (properties.get(key) instanceof Map<?, ?> child) {
                validate(map(child), value, join(path, key), out);
            } else if (node.get("additionalProperties") instanceof Map<?, ?> additional) {
                validate(map(additional), value, path + "[" + key + "]", out);
            }
        });
    }

    /** {@code self} as Kubernetes binds it: numbers as int64, declared property names escaped. */
    private static Object celValue(Map<String, Object> node, Object value) {
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = map(node.get("properties"));
            Map<String, Object> bound = new LinkedHashMap<>();
            map(object).forEach((key, child) -> {
                Map<String, Object> childSchema = properties.get(key) instanceof Map<?, ?> c ? map(c)
                        : map(node.get("additionalProperties"));
                bound.put(properties.containsKey(key) ? CelNames.escape(key) : key, celValue(childSchema, child));
            });
            return bound;
        }
        if (value instanceof List<?> items) {
            Map<String, Object> itemSchema = map(node.get("items"));
            return items.stream().map(item -> celValue(itemSchema, item)).toList();
        }
        return value;
    }

    // ---- pruning and defaulting ------------------------------------------------------------------

    private static void prune(Map<String, Object> node, Object value, String path, List<String> pruned) {
        if (Boolean.TRUE.equals(node.get("x-kubernetes-preserve-unknown-fields"))) {
            return;
        }
        if (value instanceof Map<?, ?> object && "object".equals(node.get("type"))) {
            if (path.equals("metadata")) {
                return; // ObjectMeta is validated by the API server itself, never pruned by the CRD schema.
            }
            Map<String, Object> properties = map(node.get("properties"));
            Object additional = node.get("additionalProperties");
            for (var it = map(object).entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                String at = join(path, entry.getKey());
                if (properties.get(entry.getKey()) instanceof Map<?, ?> child) {
                    prune(map(child), entry.getValue(), at, pruned);
                } else if (additional instanceof Map<?, ?> a) {
                    prune(map(a), entry.getValue(), path + "[" + entry.getKey() + "]", pruned);
                } else {
                    pruned.add(at);
                    it.remove();
                }
            }
        } else if (value instanceof List<?> items && node.get("items") instanceof Map<?, ?> itemSchema) {
            for (int i = 0; i < items.size(); i++) {
                prune(map(itemSchema), items.get(i), path + "[" + i + "]", pruned);
            }
        }
    }

    private static void applyDefaults(Map<String, Object> node, Object value) {
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> fields = map(object);
            map(node.get("properties")).forEach((key, child) -> {
                Map<String, Object> childSchema = map(child);
                if (!fields.containsKey(key) && childSchema.containsKey("default")) {
                    fields.put(key, normalize(childSchema.get("default")));
                }
                if (fields.containsKey(key)) {
                    applyDefaults(childSchema, fields.get(key));
                }
            });
        } else if (value instanceof List<?> items && node.get("items") instanceof Map<?, ?> itemSchema) {
            items.forEach(item -> applyDefaults(map(itemSchema), item));
        }
    }

    /** A mutable deep copy with every integer as a Long (how JSON numbers reach CEL and the schema checks). */
    static Object normalize(Object value) {
        Object tree = value instanceof Map || value instanceof List || value instanceof String || value instanceof Number
                || value instanceof Boolean ? value : SERIALIZATION.convertValue(value, Map.class);
        return copy(tree);
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put(k.toString(), copy(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        return value;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String read(String resource) {
        try (InputStream in = Objects.requireNonNull(HttpRouteCrdValidator.class.getClassLoader().getResourceAsStream(resource),
                resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
