/**
 * The New Relic metric backend ({@code type: newrelic}): {@link io.canarykit.newrelic.NewRelicMetricProvider}
 * runs NRQL through the Insights query API, as Flagger does.
 */
@NullMarked
package io.canarykit.newrelic;

import org.jspecify.annotations.NullMarked;
