package io.canarykit.linkerd.internal;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One backend of a TrafficSplit: a Service and its weight as stored (a quantity string or a number;
 * null when the backend has none).
 */
public record SplitBackend(String service, @Nullable Object weight) {

    public SplitBackend {
        Objects.requireNonNull(service, "service");
    }

    /** The weight's value, whatever its encoding; empty when missing or not a quantity. */
    public Optional<BigDecimal> value() {
        return Quantities.parse(weight);
    }

    /** Whether both name the same Service with the same weight value ({@code "10"} equals {@code 10}). */
    boolean sameAs(SplitBackend other) {
        if (!service.equals(other.service)) {
            return false;
        }
        Optional<BigDecimal> a = value();
        Optional<BigDecimal> b = other.value();
        return a.isPresent() && b.isPresent() ? a.get().compareTo(b.get()) == 0 : Objects.equals(weight, other.weight);
    }
}
