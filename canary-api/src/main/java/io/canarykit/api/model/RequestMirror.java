package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * A static mirror filter ({@code service.mirror[]}), Gateway API {@code HTTPRequestMirrorFilter}
 * shaped. Not the analysis mirroring ({@code analysis.mirror}).
 */
public record RequestMirror(BackendReference backendRef, @Nullable Integer percent, @Nullable Fraction fraction) {

    public RequestMirror {
        backendRef = backendRef == null ? new BackendReference(null, null, "", null, null) : backendRef;
    }

    /** A mirror fraction; the denominator defaults to 100. */
    public record Fraction(int numerator, @Nullable Integer denominator) {
    }
}
