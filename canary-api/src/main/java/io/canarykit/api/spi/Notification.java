package io.canarykit.api.spi;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An alert for a chat destination. {@code providerRef} names the AlertProvider chosen by the
 * canary's {@code analysis.alerts} (resolved in {@code namespace} when it names none); absent, the
 * alert goes to the controller-wide notifier. {@code fields} are Flagger's metadata fields
 * ({@code Target}, {@code Failed checks threshold}, ...), in display order.
 */
public record Notification(
        String namespace,
        String canaryName,
        String message,
        AlertSeverity severity,
        Map<String, String> fields,
        @Nullable CrossNamespaceObjectReference providerRef) {

    public Notification {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(canaryName, "canaryName");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
