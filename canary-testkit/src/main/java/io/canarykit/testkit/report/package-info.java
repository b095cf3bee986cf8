/**
 * A self-contained HTML report of a simulated timeline: inline SVG charts (canary weight over time,
 * each metric against its threshold band, failed checks and phase changes marked) and the event
 * log. No scripts, fonts or network: the file opens anywhere, including CI artifact viewers.
 */
@NullMarked
package io.canarykit.testkit.report;

import org.jspecify.annotations.NullMarked;
