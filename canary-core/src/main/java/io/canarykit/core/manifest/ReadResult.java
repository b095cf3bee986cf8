package io.canarykit.core.manifest;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.validation.BuildCapabilities;
import io.canarykit.core.validation.ManifestValidator;
import io.canarykit.core.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything read from one source: the resources, and the problems that kept documents from being
 * read at all (a YAML syntax error, an unknown kind) in {@link #violations()}.
 */
public record ReadResult(String source, List<LoadedManifest> manifests, List<Violation> violations) {

    public ReadResult {
        Objects.requireNonNull(source, "source");
        manifests = List.copyOf(manifests);
        violations = List.copyOf(violations);
    }

    /**
     * This result with every document's validation findings ({@link ManifestValidator}) added after
     * its reading problems: what {@code canary validate} reports, and what every loader refuses.
     */
    public ReadResult validated() {
        return validated(BuildCapabilities.UNKNOWN);
    }

    /** {@link #validated()}, warning about what {@code build} cannot run. */
    public ReadResult validated(BuildCapabilities build) {
        List<LoadedManifest> checked = manifests.stream().map(m -> {
            List<Violation> all = new ArrayList<>(m.violations());
            all.addAll(ManifestValidator.validate(m.resource(), build));
            return new LoadedManifest(m.resource(), m.source(), m.document(), all);
        }).toList();
        return new ReadResult(source, checked, violations);
    }

    /** Source-level violations first, then each document's, in document order. */
    public List<Violation> allViolations() {
        List<Violation> all = new ArrayList<>(violations);
        manifests.forEach(m -> all.addAll(m.violations()));
        return all;
    }

    public boolean hasErrors() {
        return allViolations().stream().anyMatch(Violation::isError);
    }

    public List<CanaryResource> resources() {
        return manifests.stream().map(LoadedManifest::resource).toList();
    }

    /**
     * The resources when reading found no error.
     *
     * @throws InvalidCanarySpecException listing every error as {@code <field path>: <message>}
     */
    public List<CanaryResource> resourcesOrThrow() {
        List<String> errors = allViolations().stream().filter(Violation::isError).map(Violation::toString).toList();
        if (!errors.isEmpty()) {
            throw new InvalidCanarySpecException(source + ": " + String.join("; ", errors), errors);
        }
        return resources();
    }
}
