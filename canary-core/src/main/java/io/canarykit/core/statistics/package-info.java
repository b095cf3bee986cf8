/**
 * Decision math for statistical checks: Wald's sequential probability ratio test on error rates,
 * and the always-valid mixture test (an e-process) on error rates and slow-request fractions, one-
 * and two-sample. Pure Java, no dependencies, unit-tested against closed forms and simulations.
 */
@NullMarked
package io.canarykit.core.statistics;

import org.jspecify.annotations.NullMarked;
