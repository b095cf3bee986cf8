package io.canarykit.api.spi;

/**
 * The answer to a metric query: a value, no data (empty result, NaN), or a failure. A provider
 * returns these instead of throwing, so that the engine can record and explain every check.
 */
public sealed interface MetricResult permits MetricResult.Value, MetricResult.NoData, MetricResult.Failure {

    static MetricResult value(double value) {
        return new Value(value);
    }

    static MetricResult noData(String reason) {
        return new NoData(reason);
    }

    static MetricResult failure(String message, boolean retryable) {
        return new Failure(message, retryable);
    }

    /** A single finite number. */
    record Value(double value) implements MetricResult {
        public Value {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("NaN is no data, not a value");
            }
        }
    }

    /** The backend answered but had nothing to say (empty vector, NaN sample). */
    record NoData(String reason) implements MetricResult {
    }

    /**
     * The query failed: a bad query, an unreachable backend, an ambiguous result. The message never
     * carries credentials.
     */
    record Failure(String message, boolean retryable) implements MetricResult {
    }
}
