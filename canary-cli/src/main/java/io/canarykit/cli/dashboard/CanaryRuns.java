package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.testkit.simulation.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The runs of one canary the dashboard has seen: the current one and the last one (older runs are
 * dropped: the dashboard is a window on what is going on, not an archive). Each status change is a
 * tick of the current run; a run starts at the status's {@code analysisStartedAt} (else the first
 * Progressing seen) and ends with a final phase. Thread-safe: the watch writes, HTTP handlers read.
 */
final class CanaryRuns {

    /** The phases of a run under way. */
    private static final Set<CanaryPhase> RUNNING = Set.of(CanaryPhase.PROGRESSING, CanaryPhase.WAITING_PROMOTION,
            CanaryPhase.PROMOTING, CanaryPhase.FINALISING);

    private @Nullable Run current;
    private @Nullable Run last;
    private @Nullable CanaryStatus seen;

    /** Records {@code canary}'s status as seen at {@code now}; returns whether it was a tick of a run. */
    synchronized boolean observe(Canary canary, Instant now) {
        CanaryStatus status = canary.status();
        CanaryPhase phase = status.phase();
        boolean first = seen == null;
        if (phase == null || status.equals(seen)) {
            // Only the metadata or spec changed (an annotation, a pause): not a tick.
            return false;
        }
        seen = status;
        Instant at = StatusTick.time(canary, now);
        Run run = current;
        if (run != null && status.analysisStartedAt() != null && !status.analysisStartedAt().equals(run.start())
                && RUNNING.contains(phase)) {
            // A new revision restarted the analysis: the run seen so far is the last one.
            last = new Run(run.start(), run.canary(), run.ticks(), true);
            run = null;
        }
        if (run == null) {
            boolean finalOnFirstSight = first && phase.isFinal() && status.analysisStartedAt() != null;
            if (!RUNNING.contains(phase) && !finalOnFirstSight) {
                return false;
            }
            Instant start = status.analysisStartedAt() != null ? status.analysisStartedAt() : at;
            run = new Run(start, canary, List.of(), false);
        }
        Duration offset = Duration.between(run.start(), at);
        Duration previous = run.ticks().isEmpty() ? Duration.ZERO : run.ticks().get(run.ticks().size() - 1).at();
        // Never before the previous tick: a status without a fresh timestamp still comes after it.
        offset = offset.compareTo(previous) < 0 ? previous : offset;
        Tick tick = StatusTick.of(canary, run.ticks().size() + 1, offset).orElseThrow();
        boolean ends = !RUNNING.contains(phase);
        run = run.with(canary, tick, ends);
        if (ends) {
            last = run;
            current = null;
        } else {
            current = run;
        }
        return true;
    }

    /** The run to show: the current one, else the last one. */
    synchronized Optional<Run> shown() {
        return Optional.ofNullable(current != null ? current : last);
    }

    /** The current run (if any) then the last one (if any). */
    synchronized List<Run> history() {
        List<Run> runs = new ArrayList<>();
        if (current != null) {
            runs.add(current);
        }
        if (last != null) {
            runs.add(last);
        }
        return runs;
    }
}
