/**
 * Test support for CanaryKit users and adapter authors: a mutable clock and scripted, recording
 * fakes of every SPI, so that any canary configuration can be driven through the real engine
 * offline, in milliseconds.
 *
 * <h2>JUnit and AssertJ are yours</h2>
 * The testkit declares {@code junit-jupiter-api} and {@code assertj-core} as optional dependencies:
 * it brings neither onto your classpath, and never overrides the versions your build (or its BOMs)
 * chose. Add them yourself, in test scope, at these versions or newer:
 * <ul>
 *   <li>JUnit Jupiter 5.9 (JUnit Platform 1.9), for the compatibility kits in
 *       {@code io.canarykit.testkit.compat} and the extensions {@code KubernetesCrudHarness} and
 *       {@code PrometheusServerExtension};</li>
 *   <li>AssertJ 3.24, for {@code SimulationAssertions} and the compatibility kits.</li>
 * </ul>
 * The fakes, {@code MutableClock}, the simulation itself and the report need neither. The module
 * {@code testkit-on-older-junit} of the CanaryKit build runs the testkit on exactly these minimums.
 */
@NullMarked
package io.canarykit.testkit;

import org.jspecify.annotations.NullMarked;
