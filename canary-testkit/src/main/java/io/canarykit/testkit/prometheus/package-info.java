/**
 * A real Prometheus server for tests: the {@code prometheus} binary started on a free loopback port
 * over a recorded, deterministic history, so queries at a fixed time give exact answers.
 */
@NullMarked
package io.canarykit.testkit.prometheus;

import org.jspecify.annotations.NullMarked;
