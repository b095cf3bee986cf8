package io.canarykit.core.validation;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.AlertProviderSpec;
import java.util.List;
import java.util.Objects;

/** Validates an AlertProvider: name, chat type, and where the webhook address comes from. */
public final class AlertProviderValidator {

    private static final List<ValidationRule<AlertProvider>> RULES = List.of(
            ValidationRule.of("metadata-name", (p, out) -> Checks.required(out, "metadata.name", p.metadata().name())),
            ValidationRule.of("type", AlertProviderValidator::type),
            ValidationRule.of("address", AlertProviderValidator::address),
            ValidationRule.of("proxy", (p, out) -> Checks.httpUrl(out, "spec.proxy", p.spec().proxy())));

    private AlertProviderValidator() {
    }

    public static List<Violation> validate(AlertProvider provider) {
        Objects.requireNonNull(provider, "provider");
        Findings findings = new Findings();
        RULES.forEach(rule -> rule.check(provider, findings));
        return findings.list();
    }

    public static List<ValidationRule<AlertProvider>> rules() {
        return RULES;
    }

    private static void type(AlertProvider provider, Findings out) {
        Checks.required(out, "spec.type", provider.spec().type());
        Checks.oneOf(out, "spec.type", provider.spec().type(), AlertProviderSpec.KNOWN_TYPES);
    }

    /** The address may live in the Secret (key {@code address}), so it is required only without one. */
    private static void address(AlertProvider provider, Findings out) {
        AlertProviderSpec spec = provider.spec();
        if (Checks.isBlank(spec.address()) && spec.secretRef() == null) {
            out.error("spec.address", "is required unless secretRef is set");
        }
        Checks.httpUrl(out, "spec.address", spec.address());
        if (spec.secretRef() != null) {
            Checks.required(out, "spec.secretRef.name", spec.secretRef().name());
        }
    }
}
