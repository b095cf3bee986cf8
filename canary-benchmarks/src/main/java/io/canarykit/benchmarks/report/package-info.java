/** Turns the benchmarks' result files into BENCHMARKS.md's tables. */
@NullMarked
package io.canarykit.benchmarks.report;

import org.jspecify.annotations.NullMarked;
