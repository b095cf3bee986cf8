package io.canarykit.api.model;

import io.canarykit.api.Redaction;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One entry of {@code analysis.webhooks}. */
public record CanaryWebhook(
        @Nullable String type,
        String name,
        String url,
        @Nullable Boolean muteAlert,
        @Nullable String timeout,
        Map<String, String> metadata,
        @Nullable Integer retries,
        @Nullable Boolean disableTLS) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CanaryWebhook {
        name = Copies.text(name);
        url = Copies.text(url);
        metadata = Copies.map(metadata);
    }

    public static CanaryWebhook of(WebhookType type, String name, String url) {
        return new CanaryWebhook(type.wireName(), name, url, null, null, Map.of(), null, null);
    }

    /** The hook's type; empty means {@code rollout}. An unknown type (rejected by validation) is empty. */
    public java.util.Optional<WebhookType> hookType() {
        if (type == null || type.isEmpty()) {
            return java.util.Optional.of(WebhookType.ROLLOUT);
        }
        return WireEnum.fromWire(WebhookType.class, type);
    }

    public boolean is(WebhookType wanted) {
        // Equivalent to hookType() == wanted, without looking the type up by its wire name.
        return type == null || type.isEmpty() ? wanted == WebhookType.ROLLOUT : wanted.wireName().equals(type);
    }

    /** The timeout, 10s when unset or unparsable (as Flagger). */
    public Duration timeoutOrDefault() {
        if (timeout == null || timeout.length() < 2) {
            return DEFAULT_TIMEOUT;
        }
        return GoDuration.tryParse(timeout).filter(d -> !d.isNegative() && !d.isZero()).orElse(DEFAULT_TIMEOUT);
    }

    public int retriesOrZero() {
        return retries == null || retries < 0 ? 0 : retries;
    }

    public boolean alertsMuted() {
        return Boolean.TRUE.equals(muteAlert);
    }

    public boolean tlsVerificationDisabled() {
        return Boolean.TRUE.equals(disableTLS);
    }

    /**
     * The URL may carry {@code user:password@} or a token in its query; metadata often holds a
     * load-test command with an {@code Authorization} header in it: its keys are shown, not its values.
     */
    @Override
    public String toString() {
        return "CanaryWebhook[type=" + type + ", name=" + name + ", url=" + Redaction.url(url) + ", muteAlert=" + muteAlert
                + ", timeout=" + timeout + ", metadata=" + new java.util.TreeSet<>(metadata.keySet()) + " (values redacted)"
                + ", retries=" + retries + ", disableTLS=" + disableTLS + "]";
    }
}
