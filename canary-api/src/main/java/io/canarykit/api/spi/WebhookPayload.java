package io.canarykit.api.spi;

import java.util.Map;

/**
 * The JSON body Flagger posts to webhooks: {@code {name, namespace, phase, checksum, metadata}}.
 * {@code checksum} identifies the revision under analysis.
 */
public record WebhookPayload(String name, String namespace, String phase, String checksum, Map<String, String> metadata) {

    public WebhookPayload {
        metadata = Map.copyOf(metadata);
    }
}
