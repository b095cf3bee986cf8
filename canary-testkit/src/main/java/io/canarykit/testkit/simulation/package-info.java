/**
 * Offline simulation: any Canary (object or YAML) plus its MetricTemplates runs through the real
 * engine on a virtual clock, driven by a {@link io.canarykit.testkit.simulation.Scenario}, and
 * comes back as a {@link io.canarykit.testkit.simulation.Timeline} to assert on
 * ({@link io.canarykit.testkit.simulation.SimulationAssertions}), print as JSON
 * ({@link io.canarykit.testkit.simulation.TimelineJson}) or plot
 * ({@link io.canarykit.testkit.report.TimelineReport}).
 */
@NullMarked
package io.canarykit.testkit.simulation;

import org.jspecify.annotations.NullMarked;
