/**
 * Drives many canaries on a shared executor: each canary ticks at the interval its last tick asked
 * for, no two ticks of one canary ever overlap, and a bounded pool of workers serves them all.
 */
@NullMarked
package io.canarykit.core.scheduler;

import org.jspecify.annotations.NullMarked;
