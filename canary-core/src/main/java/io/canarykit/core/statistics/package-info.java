/**
 * Decision math for statistical checks: Wald's sequential probability ratio test on error rates.
 * Pure Java, no dependencies, unit-tested against published values.
 */
@NullMarked
package io.canarykit.core.statistics;

import org.jspecify.annotations.NullMarked;
