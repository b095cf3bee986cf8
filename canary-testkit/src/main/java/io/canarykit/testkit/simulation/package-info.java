/**
 * Offline simulation: any Canary (object or YAML) plus its MetricTemplates runs through the real
 * engine on a virtual clock, driven by a {@link io.canarykit.testkit.simulation.Scenario}, and
 * comes back as a {@link io.canarykit.testkit.simulation.Timeline} to assert on
 * ({@link io.canarykit.testkit.simulation.SimulationAssertions}), print as JSON
 * ({@link io.canarykit.testkit.simulation.TimelineJson}) or plot
 * ({@link io.canarykit.testkit.report.TimelineReport}).
 *
 * <p>A scenario says what the world answers and does, tick by tick (tick 0 is the one that sees the
 * first new revision). Every key is optional; in every list the last entry repeats.
 * <table>
 * <caption>Scenario inputs: Java and YAML</caption>
 * <tr><th>Java</th><th>YAML</th><th>Meaning</th></tr>
 * <tr><td>{@code metric("error-rate", 0.5, 20)}</td><td>{@code metrics: {error-rate: [0.5, 20]}}</td>
 *     <td>values per evaluation; {@code nodata}, {@code error}</td></tr>
 * <tr><td>{@code webhook("approve", 403, 200)}</td><td>{@code webhooks: {approve: [403, 200]}}</td>
 *     <td>HTTP status per call</td></tr>
 * <tr><td>{@code primaryReady(READY, DEADLINE)}, {@code primaryReady(true, false)}</td>
 *     <td>{@code primaryReady: [true, false, deadline]}</td>
 *     <td>per tick; {@code deadline} is a final "not ready" (progress deadline exceeded): while
 *     Promoting or Finalising the promotion fails with all traffic on the canary, otherwise the
 *     canary rolls back (a DaemonSet primary is waited for, as in Flagger)</td></tr>
 * <tr><td>{@code canaryReady(...)}</td><td>{@code canaryReady: [true, deadline]}</td>
 *     <td>per tick; {@code deadline} rolls back</td></tr>
 * <tr><td>{@code newRevisionAt(4, 9)}</td><td>{@code newRevisionAt: [4, 9]}</td>
 *     <td>ship another revision before these ticks (from 1): mid-analysis it restarts the analysis,
 *     after Succeeded or Failed it starts a new run</td></tr>
 * <tr><td>{@code configChangeAt("secret/api-key", 2)}</td><td>{@code configChanges: {secret/api-key: [2]}}</td>
 *     <td>a tracked ConfigMap/Secret changes before these ticks (from 0): a new revision by checksum</td></tr>
 * <tr><td>{@code skipAnalysis(false, true)}</td><td>{@code skipAnalysis: [false, true]}</td>
 *     <td>{@code spec.skipAnalysis} per tick</td></tr>
 * <tr><td>{@code suspend(false, true, false)}</td><td>{@code suspend: [false, true, false]}</td>
 *     <td>{@code spec.suspend} per tick</td></tr>
 * <tr><td>{@code traffic(Traffic.of(...))}</td><td>{@code traffic: {requestsPerSecond: 10, ...}}</td>
 *     <td>synthetic traffic for sequential tests</td></tr>
 * <tr><td>{@code traffic(Traffic.of(...).withLatency(0.5, 2))}</td>
 *     <td>{@code traffic: {latencyP99Seconds: 0.5, canaryLatencyFactor: 2}}</td>
 *     <td>synthetic latencies for latency tests (histogram bucket counts): the primary's P99, the canary's slowdown</td></tr>
 * <tr><td>{@code withMaxTicks(50)}</td><td>{@code maxTicks: 50}</td><td>at most this many ticks</td></tr>
 * </table>
 * A run ends when the canary Succeeded or Failed and no revision or config change is due later.
 * Each {@link io.canarykit.testkit.simulation.Tick} carries the workload afterwards
 * ({@link io.canarykit.testkit.simulation.TargetState}: the revisions and config versions primary and
 * canary run, whether the canary is scaled up).
 */
@NullMarked
package io.canarykit.testkit.simulation;

import org.jspecify.annotations.NullMarked;
