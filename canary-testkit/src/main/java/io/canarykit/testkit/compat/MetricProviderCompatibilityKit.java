package io.canarykit.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetricProvider} must keep: values, no data and failures come back as
 * {@link MetricResult} values, never as exceptions, and availability is a value too. The adapter
 * supplies queries its backend answers in known ways (for Prometheus: {@code vector(0.25)},
 * {@code vector(1) > 2}, {@code sum(}).
 */
public abstract class MetricProviderCompatibilityKit {

    protected MetricProvider provider;

    protected abstract MetricProvider createProvider();

    /** A reachable backend. */
    protected abstract MetricSource source();

    /** A backend that cannot be reached (for example a closed loopback port). */
    protected abstract MetricSource unreachableSource();

    /** A query the backend answers with exactly {@code value}. */
    protected abstract String queryReturning(double value);

    /** A valid query the backend answers with an empty result. */
    protected abstract String queryWithoutData();

    /** A query the backend rejects (a syntax error). */
    protected abstract String invalidQuery();

    @BeforeEach
    void setUpProvider() {
        provider = createProvider();
    }

    @Test
    @DisplayName("declares a non-blank type id")
    void hasAType() {
        assertThat(provider.type()).isNotBlank();
    }

    @Test
    @DisplayName("returns the backend's value")
    void returnsValues() {
        assertThat(provider.query(MetricQuery.now(source(), queryReturning(0.25)))).isEqualTo(MetricResult.value(0.25));
        assertThat(provider.query(MetricQuery.now(source(), queryReturning(99.5)))).isEqualTo(MetricResult.value(99.5));
    }

    @Test
    @DisplayName("reports an empty result as no data, not as zero")
    void emptyIsNoData() {
        assertThat(provider.query(MetricQuery.now(source(), queryWithoutData()))).isInstanceOf(MetricResult.NoData.class);
    }

    @Test
    @DisplayName("reports a rejected query as a non-retryable failure instead of throwing")
    void invalidQueryIsFailure() {
        MetricResult result = provider.query(MetricQuery.now(source(), invalidQuery()));
        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, f -> {
            assertThat(f.message()).isNotBlank();
            assertThat(f.retryable()).isFalse();
        });
    }

    @Test
    @DisplayName("reports an unreachable backend as a failure instead of throwing")
    void unreachableIsFailure() {
        assertThat(provider.query(MetricQuery.now(unreachableSource(), queryReturning(1))))
                .isInstanceOf(MetricResult.Failure.class);
    }

    @Test
    @DisplayName("tells an online backend from an unreachable one")
    void availability() {
        assertThat(provider.isOnline(source())).isEqualTo(Availability.ONLINE);
        assertThat(provider.isOnline(unreachableSource())).isInstanceOfSatisfying(Availability.Offline.class,
                o -> assertThat(o.reason()).isNotBlank());
    }
}
