package io.canarykit.api.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The decoded entries of a Secret. {@code toString()} shows the keys only: secret values must never
 * reach a log line, an event or an exception message.
 */
public record SecretData(Map<String, String> data) {

    public SecretData {
        data = Map.copyOf(data);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public String toString() {
        return "SecretData" + new java.util.TreeSet<>(data.keySet()) + " (values redacted)";
    }
}
