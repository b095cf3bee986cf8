/**
 * {@code canary dashboard}: a local web page over the cluster's Canaries — every canary with its
 * phase and weight, for one the live weight and metric charts of its current or last run, its
 * events and the promote/abort/retry/pause/resume actions. Served by the JDK's HTTP server from
 * plain HTML/CSS/JS in the jar; updates stream as server-sent events from a watch.
 */
@NullMarked
package io.canarykit.cli.dashboard;

import org.jspecify.annotations.NullMarked;
