package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/** Calls the canary's webhooks of one type, in list order, stopping at the first that does not approve. */
final class WebhookGates {

    /** For gates whose passing hooks need no event. */
    static final BiConsumer<TickContext, CanaryWebhook> SILENT = (t, hook) -> {
    };

    /** Enough for a large fleet; past it the cache starts over rather than growing without bound. */
    private static final int MAX_CACHED = 4096;

    private final WebhookClient client;
    /** Checksums by revision: the same revision is hashed on every hook call of every tick otherwise. */
    private final Map<Revision, String> checksums = new ConcurrentHashMap<>();

    private record Revision(@Nullable String spec, Map<String, String> configs) {
    }

    WebhookGates(WebhookClient client) {
        this.client = client;
    }

    /**
     * Runs every hook of {@code type}; {@code onPass} hears each approving hook (a field, not a
     * lambda per call: gates run on every tick). Returns the first
     * hook that did not approve, with its reason.
     */
    Optional<Denial> run(TickContext t, WebhookType type, String phase, BiConsumer<TickContext, CanaryWebhook> onPass) {
        // Indexed, over all hooks: no iterator and no filtered list on every gate of every tick.
        List<CanaryWebhook> hooks = t.canary.analysis().webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            CanaryWebhook hook = hooks.get(i);
            if (!hook.is(type)) {
                continue;
            }
            WebhookResult result = call(t, hook, type, phase, hook.metadata());
            if (!result.isSuccess()) {
                return Optional.of(new Denial(hook, result.message()));
            }
            onPass.accept(t, hook);
        }
        return Optional.empty();
    }

    WebhookResult call(TickContext t, CanaryWebhook hook, WebhookType type, String phase, Map<String, String> metadata) {
        WebhookPayload payload = new WebhookPayload(t.canary.name(), t.canary.namespace(), phase, t.checksum(this::cachedChecksum), metadata);
        WebhookResult result;
        try {
            result = client.call(hook, payload);
        } catch (RuntimeException e) {
            // A client must not throw; if one does, the gate stays closed instead of the tick failing.
            result = new WebhookResult.Unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int status = result instanceof WebhookResult.Answered answered ? answered.status() : 0;
        t.record(new WebhookCall(hook.name(), type, status, result.isSuccess(), result.isSuccess() ? "" : result.message()));
        return result;
    }

    /** The event-webhook metadata Flagger sends: the event, its type and time, then the hook's own keys. */
    static Map<String, String> eventMetadata(CanaryWebhook hook, String message, String eventType, long epochMillis) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("eventMessage", message);
        metadata.put("eventType", eventType);
        metadata.put("timestamp", Long.toString(epochMillis));
        hook.metadata().forEach(metadata::putIfAbsent);
        return metadata;
    }

    private String cachedChecksum(CanaryStatus status) {
        Revision revision = new Revision(status.lastAppliedSpec(), status.trackedConfigs());
        String checksum = checksums.get(revision);
        if (checksum == null) {
            if (checksums.size() >= MAX_CACHED) {
                checksums.clear();
            }
            checksum = checksum(status);
            checksums.put(revision, checksum);
        }
        return checksum;
    }

    /** Identifies the revision under analysis: a hash of the applied spec and the tracked configs. */
    static String checksum(CanaryStatus status) {
        StringBuilder canonical = new StringBuilder(String.valueOf(status.lastAppliedSpec()));
        new TreeMap<>(status.trackedConfigs()).forEach((k, v) -> canonical.append('\n').append(k).append('=').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A hook that did not approve, and why. */
    record Denial(CanaryWebhook hook, String message) {
    }
}
