package io.canarykit.providers.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** JSON reading shared by the providers. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** The body as a tree, or empty when it is not JSON. */
    public static Optional<JsonNode> parse(String body) {
        try {
            return Optional.of(MAPPER.readTree(body));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /**
     * The error text of an error body, whatever the vendor calls it: {@code errors} (array of strings
     * or objects with {@code message}), {@code error}, {@code message}; the raw body (shortened) otherwise.
     */
    public static Optional<String> errorText(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        Optional<JsonNode> parsed = parse(body);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            String text = body.strip();
            return Optional.of(text.length() > 200 ? text.substring(0, 200) + "…" : text);
        }
        JsonNode root = parsed.get();
        List<String> parts = new ArrayList<>();
        for (JsonNode error : root.path("errors")) {
            parts.add(error.isTextual() ? error.asText() : error.path("message").asText(error.toString()));
        }
        for (String field : List.of("error", "message")) {
            JsonNode node = root.path(field);
            if (node.isTextual() && !node.asText().isBlank()) {
                parts.add(node.asText());
            } else if (node.isObject()) {
                parts.add(node.path("message").asText(node.toString()));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }
}
