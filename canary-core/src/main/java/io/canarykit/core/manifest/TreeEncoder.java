package io.canarykit.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.IntOrString;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns model records into a JSON tree, the inverse of {@link TreeDecoder}: nulls and empty
 * collections are left out, and so are empty required strings and empty required objects, since
 * the model turns their absence into exactly those values. A {@code @Nullable} object that is
 * present but empty ({@code thresholdRange: {}}) is kept, so that reading it back gives the same record.
 */
final class TreeEncoder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper plain;

    TreeEncoder(ObjectMapper plain) {
        this.plain = plain;
    }

    ObjectNode encodeRoot(Record value) {
        return encodeRecord(value);
    }

    private @Nullable JsonNode encode(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            // 1.0 is written as 1, as people write thresholds; it reads back as the same Double.
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? NODES.numberNode(d.longValue()) : NODES.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        if (value instanceof IntOrString ios) {
            return ios.isInt() ? NODES.numberNode(ios.intValue()) : NODES.textNode(ios.stringValue());
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.toString());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(encodeElement(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), encodeElement(v)));
            return object;
        }
        if (value instanceof Record r) {
            return encodeRecord(r);
        }
        // Free-form values inside Map<String, Object> (trafficPolicy): numbers, nested maps, lists.
        return plain.valueToTree(value);
    }

    private JsonNode encodeElement(@Nullable Object value) {
        JsonNode node = encode(value);
        return node == null ? NODES.nullNode() : node;
    }

    private ObjectNode encodeRecord(Record value) {
        ObjectNode object = NODES.objectNode();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object fieldValue = read(component, value);
            if (fieldValue instanceof CanaryStatus status && status.equals(CanaryStatus.EMPTY)) {
                continue;
            }
            JsonNode node = encode(fieldValue);
            if (node != null && !omitted(node, component)) {
                object.set(component.getName(), node);
            }
        }
        return object;
    }

    private static boolean omitted(JsonNode node, RecordComponent component) {
        if (node.isArray() || (node.isObject() && component.getType() == Map.class)) {
            return node.isEmpty();
        }
        boolean required = !component.getAnnotatedType().isAnnotationPresent(Nullable.class);
        return required && ((node.isTextual() && node.textValue().isEmpty()) || (node.isObject() && node.isEmpty()));
    }

    private static @Nullable Object read(RecordComponent component, Record value) {
        try {
            return component.getAccessor().invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
