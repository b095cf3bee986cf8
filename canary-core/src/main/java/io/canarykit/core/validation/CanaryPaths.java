package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import java.util.Optional;

/** Where a Canary's analysis lives: {@code spec.analysis}, or the deprecated {@code spec.canaryAnalysis}. */
final class CanaryPaths {

    private CanaryPaths() {
    }

    /** The analysis as written, empty when the manifest has none. */
    static Optional<CanaryAnalysis> analysis(Canary canary) {
        if (canary.spec().analysis() != null) {
            return Optional.of(canary.spec().analysis());
        }
        return Optional.ofNullable(canary.spec().canaryAnalysis());
    }

    /** The path of the analysis the engine uses (the same precedence as Flagger's GetAnalysis()). */
    static String analysisPath(Canary canary) {
        return canary.spec().analysis() == null && canary.spec().canaryAnalysis() != null
                ? "spec.canaryAnalysis" : "spec.analysis";
    }
}
