package io.canarykit.api.spi;

import io.canarykit.api.model.MetricTemplateProvider;
import java.util.Objects;

/**
 * Where a query goes: a metric backend as a MetricTemplate's provider describes it, seen from a
 * namespace (the one its {@code secretRef} is resolved in).
 */
public record MetricSource(String namespace, MetricTemplateProvider provider) {

    public MetricSource {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(provider, "provider");
    }

    public String type() {
        return provider.type();
    }
}
