/**
 * Test support for CanaryKit users and adapter authors: a mutable clock and scripted, recording
 * fakes of every SPI, so that any canary configuration can be driven through the real engine
 * offline, in milliseconds.
 */
@NullMarked
package io.canarykit.testkit;

import org.jspecify.annotations.NullMarked;
