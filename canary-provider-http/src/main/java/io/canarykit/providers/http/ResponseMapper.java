package io.canarykit.providers.http;

import io.canarykit.api.spi.MetricResult;

/**
 * Maps an HTTP answer of one backend to a {@link MetricResult}. Answers a later attempt may change
 * are thrown as retryable {@link io.canarykit.api.BackendException}s (see {@link HttpStatus#check}),
 * so that the retry and circuit breaker see them; everything else is returned as a value.
 */
@FunctionalInterface
public interface ResponseMapper {

    MetricResult map(HttpAnswer answer);
}
