package io.canarykit.api.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Kubernetes' int-or-string, as used by {@code service.targetPort}. Exactly one side is set. */
public record IntOrString(@Nullable Integer intValue, @Nullable String stringValue) {

    public IntOrString {
        if ((intValue == null) == (stringValue == null)) {
            throw new IllegalArgumentException("exactly one of intValue and stringValue must be set");
        }
    }

    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    public static IntOrString of(String value) {
        return new IntOrString(null, Objects.requireNonNull(value, "value"));
    }

    public boolean isInt() {
        return intValue != null;
    }

    @Override
    public String toString() {
        return isInt() ? String.valueOf(intValue) : String.valueOf(stringValue);
    }
}
