package io.canarykit.k8s.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revision hashes and config checksums. The spec hash is the SHA-256 of the canonical JSON of the
 * object (object keys sorted, nulls and empty collections dropped, no whitespace): it depends on
 * nothing but the content, so it is the same in every JVM run. Config checksums follow Flagger:
 * the first 8 bytes of the SHA-256 of {@code data} encoded the way Go's {@code json.Marshal} does.
 */
public final class Hashing {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Hashing() {
    }

    /** Lowercase hex SHA-256 of the canonical JSON of {@code value} (a fabric8 model object). */
    public static String specHash(Object value) {
        JsonNode tree = MAPPER.valueToTree(value);
        return HexFormat.of().formatHex(sha256(canonical(tree).toString()));
    }

    /** Flagger's checksum of a ConfigMap's or Secret's {@code data} (16 hex characters). */
    public static String configChecksum(Map<String, String> data) {
        byte[] digest = sha256(goJson(data));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((key, value) -> {
                JsonNode child = canonical(value);
                if (!isEmpty(child)) {
                    sorted.set(key, child);
                }
            });
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }

    private static boolean isEmpty(JsonNode node) {
        return node.isNull() || node.isMissingNode() || (node.isContainerNode() && node.isEmpty());
    }

    /** {@code map[string]string} as Go's encoding/json writes it: sorted keys, HTML-safe escapes. */
    static String goJson(Map<String, String> data) {
        StringBuilder out = new StringBuilder("{");
        List<String> keys = new ArrayList<>(new TreeMap<>(data).keySet());
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            goString(out, keys.get(i));
            out.append(':');
            goString(out, data.get(keys.get(i)));
        }
        return out.append('}').toString();
    }

    private static void goString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
