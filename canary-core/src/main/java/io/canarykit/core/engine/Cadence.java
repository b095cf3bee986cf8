package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.Routes;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a running canary's next step is due, and which split it steps from — both read from the
 * status, which is what a tick has committed, never from the live route.
 *
 * <p>A tick can come early: the scheduler retries a tick whose status write was lost 1s later, and
 * a restarted controller ticks every canary at once. Such a tick must not analyse or step again, or
 * a step is repeated or held for less than an interval. And a crash between the route write and the
 * status write leaves the route one step ahead of the status: stepping from the route would skip a
 * step (or, after a rollback's route write, start the run over); stepping from the status re-applies
 * the same split, which is idempotent.
 */
final class Cadence {

    private Cadence() {
    }

    /**
     * When the next step of a running canary is due: one interval after its last analysis (sequential
     * tests write the status between analyses), or — a run that has not analysed yet, or is
     * promoting or finalising — one interval after its last status write. Null (no Optional: it
     * is asked twice a tick) for a status that records neither.
     */
    static @Nullable Instant dueAt(CanaryStatus status, Duration interval) {
        boolean analysing = status.phase() != null && status.phase().isAnalysing();
        Instant last = analysing && status.lastAnalysisAt() != null ? status.lastAnalysisAt() : status.lastTransitionTime();
        return last == null ? null : last.plus(interval);
    }

    /** Whether the tick comes before the canary's next step is due. */
    static boolean isEarly(TickContext t, Duration interval) {
        Instant due = dueAt(t.status(), interval);
        return due != null && t.now.isBefore(due);
    }

    /**
     * The split the status has committed to. While progressing, the weight is the status's; in
     * WaitingPromotion the status's weight is cleared (as Flagger does) and nothing steps, so the
     * route's stands. The route's mirroring counts once the run's first tick is recorded
     * ({@code analysisStartedAt}): a mirror written by a tick whose status was lost is applied again.
     */
    static Routes committed(CanaryStatus status, Routes live) {
        if (status.phase() != CanaryPhase.PROGRESSING) {
            return live;
        }
        int weight = status.canaryWeight();
        boolean mirrored = weight == 0 && live.mirrored() && status.analysisStartedAt() != null;
        return mirrored ? new Routes(100, 0, true) : Routes.canaryWeight(weight);
    }
}
