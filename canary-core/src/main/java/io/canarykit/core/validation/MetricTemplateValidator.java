package io.canarykit.core.validation;

import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import java.util.List;
import java.util.Objects;

/** Validates a MetricTemplate: name, provider type (Flagger's enum) and query. */
public final class MetricTemplateValidator {

    private static final List<ValidationRule<MetricTemplate>> RULES = List.of(
            ValidationRule.of("metadata-name", (t, out) -> Checks.required(out, "metadata.name", t.metadata().name())),
            ValidationRule.of("provider-type", MetricTemplateValidator::providerType),
            ValidationRule.of("provider-address", MetricTemplateValidator::providerAddress),
            ValidationRule.of("provider-address-target", AddressRules::providerAddress),
            ValidationRule.of("provider-secret-ref", MetricTemplateValidator::providerSecretRef),
            ValidationRule.of("query", (t, out) -> Checks.required(out, "spec.query", t.spec().query())));

    private MetricTemplateValidator() {
    }

    public static List<Violation> validate(MetricTemplate template) {
        return validate(template, BuildCapabilities.UNKNOWN);
    }

    /** Every violation, with a warning when {@code build} has no provider of the template's type. */
    public static List<Violation> validate(MetricTemplate template, BuildCapabilities build) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(build, "build");
        Findings findings = new Findings();
        RULES.forEach(rule -> rule.check(template, findings));
        providerAvailable(template, build, findings);
        return findings.list();
    }

    public static List<ValidationRule<MetricTemplate>> rules() {
        return RULES;
    }

    private static void providerType(MetricTemplate template, Findings out) {
        Checks.required(out, "spec.provider.type", template.spec().provider().type());
    }

    /**
     * A type this build lacks is a warning, not an error: a plugin may register it at run time
     * ({@code canary --plugin-path}, or the embedding application). {@code canary validate --strict}
     * makes it an error.
     */
    private static void providerAvailable(MetricTemplate template, BuildCapabilities build, Findings out) {
        String type = template.spec().provider().type();
        if (Checks.isBlank(type)) {
            return;
        }
        List<String> names = build.suggestions(build.metricProviders(), MetricTemplateProvider.KNOWN_TYPES);
        if (build.known() && !build.metricProviders().contains(type)) {
            out.warning("spec.provider.type", "no provider of type " + Checks.quote(type)
                    + " in this build; it must be registered at run time" + ClosestName.hint(type, names));
        } else if (!build.known() && !MetricTemplateProvider.KNOWN_TYPES.contains(type)
                && !build.metricProviders().contains(type)) {
            out.warning("spec.provider.type", Checks.quote(type) + " is not a provider type Flagger knows ("
                    + String.join(", ", MetricTemplateProvider.KNOWN_TYPES) + "); it must be registered at run time"
                    + ClosestName.hint(type, names));
        }
    }

    /** Flagger's CRD: a secretRef names its Secret. */
    private static void providerSecretRef(MetricTemplate template, Findings out) {
        SecretReference secret = template.spec().provider().secretRef();
        if (secret != null) {
            Checks.required(out, "spec.provider.secretRef.name", secret.name());
        }
    }

    /** Only Prometheus is queried over plain HTTP by CanaryKit, so only its address must be a URL. */
    private static void providerAddress(MetricTemplate template, Findings out) {
        MetricTemplateProvider provider = template.spec().provider();
        if ("prometheus".equals(provider.type())) {
            Checks.httpUrl(out, "spec.provider.address", provider.address());
        }
    }
}
