package io.canarykit.testkit.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The time axis: ticks at round offsets (t+30s, t+1m, t+2m30s…) whatever the run's length. The axis
 * ends at the first tick at or after the last simulated tick, so every tick sits where its time is.
 */
record TimeAxis(Duration end, Duration step) {

    /** Steps a reader counts in; the first that needs at most {@link #MAX_INTERVALS} intervals wins. */
    private static final List<Duration> STEPS = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1));
    /**
     * At most 7 intervals (8 ticks). Consecutive steps differ by at most 2.5x, so the chosen step also
     * gives at least 3 intervals (4 ticks) for any run longer than a few seconds.
     */
    static final int MAX_INTERVALS = 7;

    static TimeAxis of(Duration span) {
        Duration length = span.isNegative() || span.isZero() ? Duration.ofMinutes(1) : span;
        for (Duration step : STEPS) {
            long intervals = intervals(length, step);
            if (intervals <= MAX_INTERVALS) {
                return new TimeAxis(step.multipliedBy(intervals), step);
            }
        }
        // Longer than a week: whole days, as many as it takes to stay within the tick budget.
        long days = (length.toDays() + MAX_INTERVALS) / MAX_INTERVALS;
        Duration step = Duration.ofDays(days);
        return new TimeAxis(step.multipliedBy(intervals(length, step)), step);
    }

    /** 0, step, 2·step … end. */
    List<Duration> ticks() {
        List<Duration> ticks = new ArrayList<>();
        for (Duration at = Duration.ZERO; at.compareTo(end) <= 0; at = at.plus(step)) {
            ticks.add(at);
        }
        return ticks;
    }

    private static long intervals(Duration span, Duration step) {
        long whole = span.toMillis() / step.toMillis();
        return span.toMillis() % step.toMillis() == 0 ? whole : whole + 1;
    }
}
