/**
 * The Flagger-compatible resource model: Canary, MetricTemplate and AlertProvider as immutable records. Defaults are exposed as methods; the fields keep exactly what the manifest said.
 */
@NullMarked
package io.canarykit.api.model;

import org.jspecify.annotations.NullMarked;
