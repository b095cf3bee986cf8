package io.canarykit.providers.http;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;

/** Test registries: the production configs with waits set to zero through config, never static hooks. */
public final class TestResilience {

    private TestResilience() {
    }

    public static RetryRegistry retriesWithoutWait(int attempts) {
        return RetryRegistry.of(RetryConfig.from(HttpProviderSettings.defaultRetryConfig())
                .maxAttempts(attempts)
                .intervalBiFunction((attempt, outcome) -> 0L)
                .build());
    }

    /** Opens after {@code calls} recorded calls that all failed, and stays open. */
    public static CircuitBreakerRegistry breakerOpeningAfter(int calls) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.from(HttpProviderSettings.defaultCircuitBreakerConfig())
                .slidingWindowSize(calls)
                .minimumNumberOfCalls(calls)
                .waitDurationInOpenState(Duration.ofHours(1))
                .build());
    }

    public static TimeLimiterRegistry timeLimit(Duration limit) {
        return TimeLimiterRegistry.of(HttpProviderSettings.defaultTimeLimiterConfig(limit));
    }

    /** Settings for tests: no waits between 3 attempts. */
    public static HttpProviderSettings.Builder settings() {
        return HttpProviderSettings.custom().retryRegistry(retriesWithoutWait(3));
    }
}
