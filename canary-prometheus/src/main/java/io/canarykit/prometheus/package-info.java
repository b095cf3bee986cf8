/**
 * The Prometheus metric backend: {@link io.canarykit.prometheus.PrometheusMetricProvider} runs instant
 * queries against the Prometheus HTTP API, {@link io.canarykit.prometheus.PrometheusBuiltinMetrics}
 * supplies Flagger's builtin query of every observer.
 */
@NullMarked
package io.canarykit.prometheus;

import org.jspecify.annotations.NullMarked;
