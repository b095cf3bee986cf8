package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of a provider's {@code secretRef}, read in the source's namespace. {@code toString()}
 * shows no value, and {@link #redact(String)} scrubs every value from text that might echo one (an
 * error body, an exception message).
 */
public final class ProviderSecrets {

    /** For a provider without a {@code secretRef}. */
    public static final ProviderSecrets NONE = new ProviderSecrets("", Map.of());

    private final String secret;
    private final Map<String, String> values;

    private ProviderSecrets(String secret, Map<String, String> values) {
        this.secret = secret;
        this.values = Map.copyOf(values);
    }

    /**
     * Reads the source's {@code secretRef}, or {@link #NONE} when it has none.
     *
     * @throws BackendException (not retryable) when the secret does not exist
     */
    public static ProviderSecrets resolve(String type, SecretResolver resolver, MetricSource source) {
        SecretReference ref = source.provider().secretRef();
        if (ref == null) {
            return NONE;
        }
        String secret = source.namespace() + "/" + ref.name();
        SecretData data = resolver.resolve(source.namespace(), ref.name())
                .orElseThrow(() -> new BackendException(type, "secret " + secret + " not found", false));
        return new ProviderSecrets(secret, data.data());
    }

    /** Whether a {@code secretRef} was given. */
    public boolean present() {
        return !secret.isEmpty();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * The value of {@code key} (surrounding whitespace of a hand-written Secret removed).
     *
     * @throws BackendException (not retryable) naming the secret and the key, never a value
     */
    public String require(String type, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new BackendException(type, present()
                    ? "secret " + secret + " does not contain the key '" + key + "'"
                    : "the " + type + " provider needs a secretRef with the key '" + key + "'", false);
        }
        return value.strip();
    }

    /** {@code text} with every secret value replaced by {@code ***}, longest first. */
    public String redact(String text) {
        List<String> secrets = new ArrayList<>(values.values());
        secrets.sort((a, b) -> b.length() - a.length());
        String result = text;
        for (String value : secrets) {
            String v = value.strip();
            if (v.length() >= 3) {
                result = result.replace(v, "***");
            }
        }
        return result;
    }

    /** {@code result} with its message redacted. */
    public MetricResult redact(MetricResult result) {
        if (result instanceof MetricResult.Failure failure) {
            return MetricResult.failure(redact(failure.message()), failure.retryable());
        }
        if (result instanceof MetricResult.NoData noData) {
            return MetricResult.noData(redact(noData.reason()));
        }
        return result;
    }

    @Override
    public String toString() {
        return present() ? "ProviderSecrets(" + secret + ", values redacted)" : "ProviderSecrets(none)";
    }
}
