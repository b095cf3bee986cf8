/** JMH benchmarks: one engine tick, and the parts of a tick that are public. */
@NullMarked
package io.canarykit.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
