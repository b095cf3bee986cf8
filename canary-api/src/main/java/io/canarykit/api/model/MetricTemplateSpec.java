package io.canarykit.api.model;

/** {@code spec} of a MetricTemplate: the provider and the query template. */
public record MetricTemplateSpec(MetricTemplateProvider provider, String query) {

    public MetricTemplateSpec {
        provider = provider == null ? new MetricTemplateProvider("", null, null, null, null, null) : provider;
        query = Copies.text(query);
    }
}
