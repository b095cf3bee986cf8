package io.canarykit.core.validation;

import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import java.util.List;
import java.util.Objects;

/** Validates a MetricTemplate: name, provider type (Flagger's enum) and query. */
public final class MetricTemplateValidator {

    private static final List<ValidationRule<MetricTemplate>> RULES = List.of(
            ValidationRule.of("metadata-name", (t, out) -> Checks.required(out, "metadata.name", t.metadata().name())),
            ValidationRule.of("provider-type", MetricTemplateValidator::providerType),
            ValidationRule.of("provider-address", MetricTemplateValidator::providerAddress),
            ValidationRule.of("query", (t, out) -> Checks.required(out, "spec.query", t.spec().query())));

    private MetricTemplateValidator() {
    }

    public static List<Violation> validate(MetricTemplate template) {
        Objects.requireNonNull(template, "template");
        Findings findings = new Findings();
        RULES.forEach(rule -> rule.check(template, findings));
        return findings.list();
    }

    public static List<ValidationRule<MetricTemplate>> rules() {
        return RULES;
    }

    private static void providerType(MetricTemplate template, Findings out) {
        String type = template.spec().provider().type();
        Checks.required(out, "spec.provider.type", type);
        Checks.oneOf(out, "spec.provider.type", type, MetricTemplateProvider.KNOWN_TYPES);
    }

    /** Only Prometheus is queried over plain HTTP by CanaryKit, so only its address must be a URL. */
    private static void providerAddress(MetricTemplate template, Findings out) {
        MetricTemplateProvider provider = template.spec().provider();
        if ("prometheus".equals(provider.type())) {
            Checks.httpUrl(out, "spec.provider.address", provider.address());
        }
    }
}
