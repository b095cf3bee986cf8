/** A fleet of canaries in one JVM: bare engine ticks against ticks through the {@code CanaryScheduler}. */
@NullMarked
package io.canarykit.benchmarks.fleet;

import org.jspecify.annotations.NullMarked;
