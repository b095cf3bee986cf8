package io.canarykit.prometheus;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;

/** Test registries: the production configs with waits set to zero through config, never static hooks. */
final class Resilience {

    private Resilience() {
    }

    static RetryRegistry retriesWithoutWait(int attempts) {
        return RetryRegistry.of(RetryConfig.from(PrometheusMetricProvider.defaultRetryConfig())
                .maxAttempts(attempts)
                .waitDuration(Duration.ZERO)
                .build());
    }

    /** Opens after {@code calls} recorded calls that all failed. */
    static CircuitBreakerRegistry breakerOpeningAfter(int calls) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.from(PrometheusMetricProvider.defaultCircuitBreakerConfig())
                .slidingWindowSize(calls)
                .minimumNumberOfCalls(calls)
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    }

    static TimeLimiterRegistry timeLimit(Duration limit) {
        return TimeLimiterRegistry.of(PrometheusMetricProvider.defaultTimeLimiterConfig(limit));
    }
}
