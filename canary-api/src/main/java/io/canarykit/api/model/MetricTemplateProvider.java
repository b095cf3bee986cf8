package io.canarykit.api.model;

import io.canarykit.api.Redaction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec.provider} of a MetricTemplate: which backend to query and how to reach it.
 * Credentials are never here; they come from {@code secretRef} through the SecretResolver.
 */
public record MetricTemplateProvider(
        String type,
        @Nullable String address,
        Map<String, List<String>> headers,
        @Nullable SecretReference secretRef,
        @Nullable String region,
        @Nullable Boolean insecureSkipVerify) {

    public static final List<String> KNOWN_TYPES = List.of("prometheus", "influxdb", "datadog", "externalmetrics",
            "stackdriver", "cloudwatch", "newrelic", "graphite", "dynatrace", "keptn", "splunk");

    public MetricTemplateProvider {
        type = Copies.text(type);
        headers = Copies.map(headers);
    }

    public static MetricTemplateProvider prometheus(String address) {
        return new MetricTemplateProvider("prometheus", address, Map.of(), null, null, null);
    }

    /** The same settings against another address (a port-forward, a test server). */
    public MetricTemplateProvider withAddress(String newAddress) {
        return new MetricTemplateProvider(type, newAddress, headers, secretRef, region, insecureSkipVerify);
    }

    public boolean isInsecureSkipVerify() {
        return Boolean.TRUE.equals(insecureSkipVerify);
    }

    /** An address may carry {@code user:password@} or a token in its query, a header a bearer token: neither is printed. */
    @Override
    public String toString() {
        return "MetricTemplateProvider[type=" + type + ", address=" + Redaction.url(address) + ", headers="
                + new java.util.TreeSet<>(headers.keySet()) + " (values redacted), secretRef=" + secretRef + ", region=" + region
                + ", insecureSkipVerify=" + insecureSkipVerify + "]";
    }
}
