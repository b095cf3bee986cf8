package io.canarykit.core.webhook;

import io.canarykit.api.spi.WebhookPayload;
import java.util.Map;
import java.util.TreeMap;

/** The payload as JSON, written by hand: five string fields do not justify a JSON library in core. */
final class WebhookJson {

    private WebhookJson() {
    }

    static String toJson(WebhookPayload payload) {
        StringBuilder json = new StringBuilder(128).append('{');
        field(json, "name", payload.name()).append(',');
        field(json, "namespace", payload.namespace()).append(',');
        field(json, "phase", payload.phase()).append(',');
        field(json, "checksum", payload.checksum());
        if (!payload.metadata().isEmpty()) {
            json.append(",\"metadata\":{");
            boolean first = true;
            for (Map.Entry<String, String> entry : new TreeMap<>(payload.metadata()).entrySet()) {
                if (!first) {
                    json.append(',');
                }
                field(json, entry.getKey(), entry.getValue());
                first = false;
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return quote(json, name).append(':').append(quote(new StringBuilder(), value));
    }

    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
