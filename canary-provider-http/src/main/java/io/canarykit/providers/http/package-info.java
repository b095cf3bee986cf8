/**
 * Plumbing shared by the HTTP metric providers ({@code canary-datadog}, {@code canary-newrelic},
 * {@code canary-graphite}, {@code canary-influxdb}): {@link io.canarykit.providers.http.HttpBackend}
 * sends one request through a retry, a circuit breaker per backend address and a time limit;
 * {@link io.canarykit.providers.http.ProviderSecrets} reads a {@code secretRef} and redacts its values.
 * Public only so that the provider modules can share it: no compatibility promise for users.
 */
@NullMarked
package io.canarykit.providers.http;

import org.jspecify.annotations.NullMarked;
