/**
 * Benchmarks and fleet-scale harnesses: JMH benchmarks of one engine tick and of its parts
 * ({@code jmh}), plain-main harnesses for a fleet of canaries in one JVM ({@code fleet}) and for the
 * operator against an in-process API server ({@code operator}). They use public API only, and the
 * build compiles them without running them: {@code canary-benchmarks/run.sh} runs them.
 */
@NullMarked
package io.canarykit.benchmarks;

import org.jspecify.annotations.NullMarked;
