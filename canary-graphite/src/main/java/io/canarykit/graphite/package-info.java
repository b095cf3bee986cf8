/**
 * The Graphite metric backend ({@code type: graphite}): {@link io.canarykit.graphite.GraphiteMetricProvider}
 * runs a template's render-API parameters against {@code <address>/render}, as Flagger does.
 */
@NullMarked
package io.canarykit.graphite;

import org.jspecify.annotations.NullMarked;
