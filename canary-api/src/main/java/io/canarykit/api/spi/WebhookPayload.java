package io.canarykit.api.spi;

import io.canarykit.api.model.FrozenMap;
import java.util.Map;

/**
 * The JSON body Flagger posts to webhooks: {@code {name, namespace, phase, checksum, metadata}}.
 * {@code checksum} identifies the revision under analysis.
 */
public record WebhookPayload(String name, String namespace, String phase, String checksum, Map<String, String> metadata) {

    public WebhookPayload {
        // A hook's own metadata is frozen already: sent on every call, it is not copied on every call.
        metadata = FrozenMap.isFrozenWithoutNulls(metadata) ? metadata : Map.copyOf(metadata);
    }

    /** The hook's metadata may hold credentials (a load-test command with its headers): keys only. */
    @Override
    public String toString() {
        return "WebhookPayload[name=" + name + ", namespace=" + namespace + ", phase=" + phase + ", checksum=" + checksum
                + ", metadata=" + new java.util.TreeSet<>(metadata.keySet()) + " (values redacted)]";
    }
}
