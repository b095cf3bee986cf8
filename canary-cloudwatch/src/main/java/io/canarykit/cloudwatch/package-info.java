/**
 * The Amazon CloudWatch metric backend ({@code type: cloudwatch}): {@link io.canarykit.cloudwatch.CloudWatchMetricProvider}
 * runs a template's {@code MetricDataQuery} array through {@code GetMetricData} on the AWS SDK for Java v2.
 */
@NullMarked
package io.canarykit.cloudwatch;

import org.jspecify.annotations.NullMarked;
