package io.canarykit.api.spi;

/**
 * A metric backend of one type ({@code prometheus}, {@code datadog}, ...). One instance serves every
 * canary and every address: the address and credentials travel with each {@link MetricQuery}.
 *
 * <p>Implementations never throw for data or backend problems; they return
 * {@link MetricResult.NoData} or {@link MetricResult.Failure}, retrying retryable failures at their
 * own edge first.
 */
public interface MetricProvider {

    /** The {@code spec.provider.type} this provider answers for, e.g. {@code prometheus}. */
    String type();

    /** Runs one instant query. */
    MetricResult query(MetricQuery query);

    /** Checks that the backend behind {@code source} can be queried. */
    Availability isOnline(MetricSource source);

    /**
     * How this backend's query language quotes text, so that template values are put into queries
     * safely. By default the language of the provider's {@link #type()} as Flagger knows it
     * ({@link QueryQuoting#forType}): a provider for another language should say so.
     */
    default QueryQuoting quoting() {
        return QueryQuoting.forType(type());
    }
}
