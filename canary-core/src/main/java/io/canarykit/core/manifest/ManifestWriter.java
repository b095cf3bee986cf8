package io.canarykit.core.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.CanaryStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Writes resources back as YAML or JSON in Kubernetes' shape: nulls and empty collections left
 * out, {@code status} left out while it is {@code CanaryStatus.EMPTY}, instants as RFC 3339
 * ({@code 2026-01-02T03:04:05Z}), enums in their manifest spelling, {@code targetPort} as a plain
 * int or string. What {@link ManifestReader} reads from the output equals the written resource.
 */
public final class ManifestWriter {

    private static final TreeEncoder ENCODER = new TreeEncoder(Mappers.JSON);

    private ManifestWriter() {
    }

    public static String toYaml(CanaryResource resource) {
        return write(Mappers.YAML, resource);
    }

    /** Several resources as one multi-document YAML stream, separated by {@code ---}. */
    public static String toYaml(List<? extends CanaryResource> resources) {
        return resources.stream().map(ManifestWriter::toYaml).collect(Collectors.joining("---\n"));
    }

    /** One resource as indented JSON. */
    public static String toJson(CanaryResource resource) {
        return write(Mappers.JSON, resource) + "\n";
    }

    /** Several resources as a JSON array, which {@link ManifestReader} reads as one document per element. */
    public static String toJson(List<? extends CanaryResource> resources) {
        var array = Mappers.JSON.createArrayNode();
        resources.forEach(r -> array.add(ENCODER.encodeRoot((Record) r)));
        try {
            return Mappers.JSON.writeValueAsString(array) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * {@code status} as the tree {@link #toJson} writes under {@code status}: maps, lists, strings,
     * booleans and numbers typed as a JSON parser reads them back (an {@code Integer} when it fits,
     * else a {@code Long}; a {@code Double}), so that it equals the same JSON parsed by another
     * client. Empty for {@link CanaryStatus#EMPTY}. Skips writing and parsing text, which a status
     * write on every tick would pay for.
     */
    public static Map<String, Object> statusTree(CanaryStatus status) {
        Objects.requireNonNull(status, "status");
        if (status.equals(CanaryStatus.EMPTY)) {
            return new LinkedHashMap<>();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) plain(ENCODER.encodeRoot(status));
        return tree;
    }

    private static @Nullable Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : node.canConvertToLong() ? (Object) node.longValue()
                    : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }

    private static String write(ObjectMapper mapper, CanaryResource resource) {
        Objects.requireNonNull(resource, "resource");
        try {
            return mapper.writeValueAsString(ENCODER.encodeRoot((Record) resource));
        } catch (JsonProcessingException e) {
            // Trees of strings, numbers and booleans always serialize; failing here is a bug.
            throw new IllegalStateException("cannot write " + resource.kind(), e);
        }
    }
}
