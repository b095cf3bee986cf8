package io.canarykit.core.validation;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import java.util.List;
import java.util.Objects;

/** Validates any resource CanaryKit reads, dispatching on its kind. */
public final class ManifestValidator {

    private ManifestValidator() {
    }

    public static List<Violation> validate(CanaryResource resource) {
        return validate(resource, BuildCapabilities.UNKNOWN);
    }

    /** Every violation of {@code resource}, warning about what {@code build} cannot run. */
    public static List<Violation> validate(CanaryResource resource, BuildCapabilities build) {
        Objects.requireNonNull(resource, "resource");
        if (resource instanceof Canary canary) {
            return CanaryValidator.validate(canary, build);
        }
        if (resource instanceof MetricTemplate template) {
            return MetricTemplateValidator.validate(template, build);
        }
        return AlertProviderValidator.validate((AlertProvider) resource);
    }
}
