package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * CanaryKit extension {@code metrics[].minSamples}: the metric is judged only once {@code query}
 * (rendered like the metric's own, e.g. {@code sum(increase(http_requests_total{...}[{{ interval }}]))})
 * counts at least {@code count} samples. Below it the verdict is {@code insufficient-data}: the
 * canary holds, neither failing nor passing, and after {@code maxInsufficientChecks} such checks in
 * a row (default 5) it fails — silence can never promote.
 */
public record SampleRequirement(String query, @Nullable Long count, @Nullable Integer maxInsufficientChecks) {

    public static final int DEFAULT_MAX_INSUFFICIENT_CHECKS = 5;

    public SampleRequirement {
        query = Copies.text(query);
    }

    public long countOrZero() {
        return count == null ? 0 : count;
    }

    public int maxInsufficientChecksOrDefault() {
        return maxInsufficientChecks == null || maxInsufficientChecks < 1 ? DEFAULT_MAX_INSUFFICIENT_CHECKS : maxInsufficientChecks;
    }
}
