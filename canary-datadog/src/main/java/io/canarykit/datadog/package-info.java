/**
 * The Datadog metric backend ({@code type: datadog}): {@link io.canarykit.datadog.DatadogMetricProvider}
 * runs Flagger's query against Datadog's metrics query API ({@code /api/v1/query}).
 */
@NullMarked
package io.canarykit.datadog;

import org.jspecify.annotations.NullMarked;
