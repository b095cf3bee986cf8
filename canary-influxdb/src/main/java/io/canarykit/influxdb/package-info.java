/**
 * The InfluxDB metric backend ({@code type: influxdb}): {@link io.canarykit.influxdb.InfluxDbMetricProvider}
 * runs Flux through the InfluxDB 2 HTTP API ({@code /api/v2/query}), as Flagger does.
 */
@NullMarked
package io.canarykit.influxdb;

import org.jspecify.annotations.NullMarked;
