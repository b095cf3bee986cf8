package io.canarykit.demo;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** What {@code canary demo} prints: one progress line per tick as it happens, then the event log and a summary. */
final class DemoOutput {

    private static final int BAR_WIDTH = 20;

    private DemoOutput() {
    }

    /** {@code [####                ] t+4s  Progressing  weight 20  request-duration 1.2ms ≤ 500ms ✓  error-rate 0 ≤ 1 ✓}. */
    static String progress(Tick tick, int threshold) {
        int filled = Math.round(tick.canaryWeight() * BAR_WIDTH / 100f);
        String line = TimelineText.line(tick, threshold);
        // Real ticks do not fall on whole seconds: show tenths instead of the simulator's offset.
        return "[" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] " + offset(tick.at()) + line.substring(line.indexOf("  "));
    }

    static void summary(PrintWriter out, DemoResult result) {
        Timeline timeline = result.timeline();
        out.println();
        out.println("events:");
        for (Tick tick : timeline.ticks()) {
            for (CanaryEvent event : tick.events()) {
                out.printf("  %-7s %-7s %s%n", offset(tick.at()), event.type(), event.message());
            }
        }
        out.println();
        out.printf("traffic: %d requests to v1 (primary), %d to the canary (%d answered 5xx)%n", result.primaryRequests(),
                result.canaryRequests(), result.canaryErrors());
        result.timeToRollback().ifPresent(d -> out.println("time to rollback: " + seconds(d)
                + " from the first failing request to canary weight 0"));
        out.println("result " + timeline.result().wireName() + " after " + timeline.ticks().size() + " ticks ("
                + offset(timeline.duration()) + ")");
    }

    /** {@code t+4.0s}. */
    static String offset(Duration at) {
        return String.format(Locale.ROOT, "t+%.1fs", at.toMillis() / 1000.0);
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toMillis() / 1000.0);
    }
}
