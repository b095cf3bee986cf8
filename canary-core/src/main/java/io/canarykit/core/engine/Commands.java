package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.WireEnum;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The {@code canary promote / abort / retry} commands, carried out once per nonce. */
final class Commands {

    private final TickReporter report;
    private final Rollouts rollouts;

    Commands(TickReporter report, Rollouts rollouts) {
        this.report = report;
        this.rollouts = rollouts;
    }

    /**
     * Carries out a {@link CanaryCommand} whose nonce the status has not recorded; returns whether
     * the tick ends here. The nonce is recorded when the command is done or cannot be done, with an
     * event either way; a {@code promote} waiting for a passing analysis stays pending meanwhile.
     */
    boolean carryOut(TickContext t, CanaryCommand.Request request) {
        String id = request.id();
        CanaryPhase phase = t.status().phase();
        if (request.command().isEmpty()) {
            t.status(s -> s.lastCommandId(id));
            report.warn(t, "Ignoring command \"" + request.verb() + "\" (" + id + ") on " + t.dotted() + ": expected one of "
                    + WireEnum.wireNames(CanaryCommand.class));
            return false;
        }
        CanaryCommand command = request.command().get();
        String by = "canary " + (command == CanaryCommand.PROMOTE_FULL ? "promote --full" : command.wireName()) + " (" + id + ")";
        boolean running = phase != null && (phase.isAnalysing() || phase == CanaryPhase.WAITING);
        switch (command) {
            case ABORT -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.status(s -> s.lastCommandId(id));
                report.warn(t, "Rolling back " + t.dotted() + " aborted by " + by);
                report.alert(t, "Rolling back: aborted by " + by, AlertSeverity.WARN, false);
                rollouts.rollback(t);
                return true;
            }
            case RETRY -> {
                if (phase != CanaryPhase.FAILED) {
                    return ignored(t, id, by, phase);
                }
                // Forgetting the applied revision makes the failed one new again: this tick starts its run.
                t.status(s -> s.lastCommandId(id).lastAppliedSpec(null));
                report.normal(t, "Retrying the analysis of " + t.target() + " requested by " + by);
                return false;
            }
            case PROMOTE_FULL -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.status(s -> s.lastCommandId(id));
                report.normal(t, "Promoting " + t.target() + " now, requested by " + by);
                rollouts.promote(t);
                return true;
            }
            case PROMOTE -> {
                if (!running) {
                    return ignored(t, id, by, phase);
                }
                t.promoteRequest = id;
                return false;
            }
        }
        return false;
    }

    /**
     * A pending {@code canary promote} after an analysis that passed: promotes, unless no metric was
     * checked at this tick (the first analysis tick runs pre-rollout hooks only) — a person may skip
     * steps, not evidence; the request then waits for the next analysis.
     */
    boolean promoteOnRequest(TickContext t) {
        if (!t.canary.analysis().metrics().isEmpty() && t.checks.isEmpty()) {
            return false;
        }
        String id = Objects.requireNonNull(t.promoteRequest);
        t.status(s -> s.lastCommandId(id));
        report.normal(t, "Promoting " + t.target() + ": remaining steps skipped by canary promote (" + id + ")");
        rollouts.promote(t);
        return true;
    }

    private boolean ignored(TickContext t, String id, String by, @Nullable CanaryPhase phase) {
        t.status(s -> s.lastCommandId(id));
        report.warn(t, "Ignoring " + by + " on " + t.dotted() + ": the canary is " + (phase == null ? "new" : phase.wireName())
                + (phase == CanaryPhase.FAILED ? "" : ", not waiting or analysing"));
        return false;
    }
}
