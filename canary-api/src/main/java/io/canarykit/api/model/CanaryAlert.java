package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** One entry of {@code analysis.alerts}: where alerts of which severity go. */
public record CanaryAlert(String name, @Nullable String severity, CrossNamespaceObjectReference providerRef) {

    public CanaryAlert {
        name = Copies.text(name);
        providerRef = providerRef == null ? CrossNamespaceObjectReference.EMPTY : providerRef;
    }

    /** The severity; unset means {@code info} (CanaryKit; Flagger drops such an entry). */
    public java.util.Optional<AlertSeverity> severityOrDefault() {
        if (severity == null || severity.isEmpty()) {
            return java.util.Optional.of(AlertSeverity.INFO);
        }
        return WireEnum.fromWire(AlertSeverity.class, severity);
    }
}
