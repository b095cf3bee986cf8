package io.canarykit.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.IntOrString;
import io.canarykit.api.model.WireEnum;
import io.canarykit.core.validation.ClosestName;
import io.canarykit.core.validation.Printable;
import io.canarykit.core.validation.Violation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JSON tree into model records by walking the records' components, so that the model stays
 * free of Jackson annotations. Unlike data binding it never stops at the first problem: an unknown
 * field becomes a warning, a value of the wrong type an error, each with its field path, and the
 * field is left unset.
 */
final class TreeDecoder {

    /** Metadata the API server owns; a manifest exported with kubectl carries it, nobody means it. */
    private static final Set<String> SERVER_OWNED_METADATA = Set.of("managedFields", "ownerReferences", "selfLink",
            "deletionGracePeriodSeconds", "generateName");

    private final ObjectMapper plain;
    private final Set<String> ignoredTopLevel;
    private final List<Violation> violations = new ArrayList<>();

    /**
     * @param plain           converts free-form subtrees ({@code trafficPolicy}) to maps and lists
     * @param ignoredTopLevel top-level fields skipped silently ({@code status} of kinds without one in the model)
     */
    TreeDecoder(ObjectMapper plain, Set<String> ignoredTopLevel) {
        this.plain = plain;
        this.ignoredTopLevel = ignoredTopLevel;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    <R extends Record> R decodeRoot(JsonNode node, Class<R> type) {
        R result = type.cast(decodeRecord(node, type, ""));
        return result != null ? result : type.cast(construct(type, new Object[type.getRecordComponents().length], ""));
    }

    private @Nullable Object decode(@Nullable JsonNode node, Type type, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            return node.isTextual() ? node.textValue() : mismatch(path, "a string", node);
        }
        if (raw == Integer.class || raw == int.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : mismatch(path, "an integer", node);
        }
        if (raw == Long.class || raw == long.class) {
            return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : mismatch(path, "an integer", node);
        }
        if (raw == Double.class || raw == double.class) {
            return node.isNumber() ? node.doubleValue() : mismatch(path, "a number", node);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return node.isBoolean() ? node.booleanValue() : mismatch(path, "a boolean", node);
        }
        if (raw == Instant.class) {
            return decodeInstant(node, path);
        }
        if (raw == IntOrString.class) {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return IntOrString.of(node.intValue());
            }
            return node.isTextual() ? IntOrString.of(node.textValue()) : mismatch(path, "an integer or a string", node);
        }
        if (raw.isEnum() && WireEnum.class.isAssignableFrom(raw)) {
            return decodeEnum(node, raw, path);
        }
        if (raw == Object.class) {
            return plain.convertValue(node, Object.class);
        }
        if (raw == List.class) {
            return decodeList(node, typeArgument(type, 0), path);
        }
        if (raw == Map.class) {
            return decodeMap(node, typeArgument(type, 1), path);
        }
        if (raw.isRecord()) {
            return decodeRecord(node, raw, path);
        }
        throw new IllegalStateException("no decoding for " + type + " at " + path);
    }

    private @Nullable Object decodeRecord(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            return mismatch(path, "an object", node);
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            index.put(components[i].getName(), i);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            Integer at = index.get(name);
            String fieldPath = FieldPaths.field(path, name);
            if (at != null) {
                args[at] = decode(field.getValue(), components[at].getGenericType(), fieldPath);
            } else if (!isIgnored(path, name)) {
                violations.add(Violation.warning(fieldPath, "unknown field, ignored" + ClosestName.hint(name, index.keySet())));
            }
        }
        return construct(type, args, path);
    }

    private boolean isIgnored(String parent, String name) {
        return (parent.isEmpty() && ignoredTopLevel.contains(name))
                || (parent.equals("metadata") && SERVER_OWNED_METADATA.contains(name));
    }

    private @Nullable Object construct(Class<?> type, Object[] args, String path) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null && types[i].isPrimitive()) {
                args[i] = primitiveZero(types[i]);
            }
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // A compact constructor rejected the combination of values (the model's own invariants).
            String reason = e.getCause() == null ? String.valueOf(e) : String.valueOf(e.getCause().getMessage());
            violations.add(Violation.error(path.isEmpty() ? "document" : path, reason));
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private @Nullable Object decodeList(JsonNode node, Type element, String path) {
        if (!node.isArray()) {
            return mismatch(path, "a list", node);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            Object value = decode(node.get(i), element, FieldPaths.index(path, i));
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private @Nullable Object decodeMap(JsonNode node, Type value, String path) {
        if (!node.isObject()) {
            return mismatch(path, "an object", node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Object decoded = decode(field.getValue(), value, FieldPaths.key(path, field.getKey()));
            if (decoded != null) {
                out.put(field.getKey(), decoded);
            }
        }
        return out;
    }

    private @Nullable Object decodeInstant(JsonNode node, String path) {
        if (!node.isTextual()) {
            return mismatch(path, "an RFC 3339 timestamp", node);
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return mismatch(path, "an RFC 3339 timestamp", node);
        }
    }

    /** An empty string is Go's zero value (Flagger writes {@code status.phase: ""}): the field is unset. */
    private @Nullable Object decodeEnum(JsonNode node, Class<?> type, String path) {
        if (node.isTextual() && node.textValue().isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String wire = ((WireEnum) constant).wireName();
            if (node.isTextual() && wire.equals(node.textValue())) {
                return constant;
            }
            names.add(wire);
        }
        violations.add(Violation.error(path, "must be one of " + String.join(", ", names) + ", got " + describe(node)
                + (node.isTextual() ? ClosestName.hint(node.textValue(), names) : "")));
        return null;
    }

    private @Nullable Object mismatch(String path, String expected, JsonNode node) {
        violations.add(Violation.error(path, "must be " + expected + ", got " + describe(node)));
        return null;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isTextual() ? Printable.quote(node.textValue()) : Printable.quote(node.toString()).replace("\"", "");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Object primitiveZero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        return 0;
    }
}
