package io.canarykit.core.manifest;

import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.validation.Violation;
import java.util.List;
import java.util.Objects;

/**
 * One resource read from a manifest, with what reading it found.
 *
 * @param resource   the Canary, MetricTemplate or AlertProvider
 * @param source     where it came from (a file name, or what the caller passed)
 * @param document   the 1-based document number within the source
 * @param violations unknown fields (warnings) and values of the wrong type (errors; the field is left unset)
 */
public record LoadedManifest(CanaryResource resource, String source, int document, List<Violation> violations) {

    public LoadedManifest {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(source, "source");
        violations = List.copyOf(violations);
    }

    public boolean hasErrors() {
        return violations.stream().anyMatch(Violation::isError);
    }
}
