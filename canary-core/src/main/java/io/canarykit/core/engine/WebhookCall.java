package io.canarykit.core.engine;

import io.canarykit.api.model.WebhookType;
import java.util.Objects;

/**
 * One webhook call made in a tick. {@code status} is the HTTP status, or 0 when the endpoint could
 * not be reached.
 */
public record WebhookCall(String name, WebhookType type, int status, boolean success, String message) {

    public WebhookCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }
}
