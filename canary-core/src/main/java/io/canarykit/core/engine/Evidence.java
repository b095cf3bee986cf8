package io.canarykit.core.engine;

import org.jspecify.annotations.Nullable;

/**
 * What a check weighed beyond its value: the primary's value (baseline comparison), the sample
 * counts (minimum samples, sequential tests) and a sequential test's log-likelihood ratio with its
 * accept and reject bounds. Every field is absent unless the metric uses that extension.
 */
public record Evidence(
        @Nullable Double baseline,
        @Nullable Long samples,
        @Nullable Long errors,
        @Nullable Long primarySamples,
        @Nullable Long primaryErrors,
        @Nullable Double statistic,
        @Nullable Double lowerBound,
        @Nullable Double upperBound) {

    public static final Evidence NONE = new Evidence(null, null, null, null, null, null, null, null);

    static Evidence samples(long samples) {
        return new Evidence(null, samples, null, null, null, null, null, null);
    }

    Evidence withBaseline(double value) {
        return new Evidence(value, samples, errors, primarySamples, primaryErrors, statistic, lowerBound, upperBound);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
