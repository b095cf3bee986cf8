/**
 * Flagger-compatible controller metrics on Micrometer. Micrometer is an optional dependency of
 * canary-k8s: only this package refers to it, and the operator loads it only when the embedder
 * passes {@link io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics} to the builder.
 */
@NullMarked
package io.canarykit.k8s.operator.micrometer;

import org.jspecify.annotations.NullMarked;
