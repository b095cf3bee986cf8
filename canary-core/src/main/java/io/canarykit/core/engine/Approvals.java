package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.model.CanaryWebhook;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The confirm-* gates: a denial parks the canary (Waiting, or WaitingPromotion) and says so once. */
final class Approvals {

    private final WebhookGates gates;
    private final TickReporter report;

    private final BiConsumer<TickContext, CanaryWebhook> rolloutPassed;
    private final BiConsumer<TickContext, CanaryWebhook> trafficIncreasePassed;
    private final BiConsumer<TickContext, CanaryWebhook> promotionPassed;

    Approvals(WebhookGates gates, TickReporter report) {
        this.gates = gates;
        this.report = report;
        this.rolloutPassed = (t, hook) -> report.normal(t, "Confirm-rollout check " + hook.name() + " passed");
        this.trafficIncreasePassed = (t, hook) -> report.normal(t, "Confirm-traffic-increase check " + hook.name() + " passed");
        this.promotionPassed = (t, hook) -> report.normal(t, "Confirm-promotion check " + hook.name() + " passed");
    }

    /** The confirm-rollout gates: a denial parks the canary in Waiting. */
    boolean rolloutConfirmed(TickContext t, CanaryPhase phase) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_ROLLOUT, phase.wireName(), rolloutPassed);
        if (denial.isPresent()) {
            if (phase != CanaryPhase.WAITING) {
                Phases.enter(t, CanaryPhase.WAITING);
                report.warn(t, "Halt " + t.dotted() + " advancement waiting for approval " + denial.get().hook().name());
                if (!denial.get().hook().alertsMuted()) {
                    report.alert(t, "Canary is waiting for approval.", AlertSeverity.WARN, false);
                }
            }
            return false;
        }
        return true;
    }

    boolean trafficIncreaseApproved(TickContext t) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_TRAFFIC_INCREASE, CanaryPhase.PROGRESSING.wireName(),
                trafficIncreasePassed);
        if (denial.isEmpty()) {
            return true;
        }
        report.warn(t, "Halt " + t.dotted() + " advancement waiting for traffic increase approval " + denial.get().hook().name());
        if (!denial.get().hook().alertsMuted()) {
            report.alert(t, "Canary traffic increase is waiting for approval.", AlertSeverity.WARN, false);
        }
        return false;
    }

    /** Confirm-promotion: a denial parks the canary in WaitingPromotion, where analysis goes on. */
    boolean promotionApproved(TickContext t, CanaryAnalysis analysis) {
        Optional<WebhookGates.Denial> denial = gates.run(t, WebhookType.CONFIRM_PROMOTION, CanaryPhase.PROGRESSING.wireName(),
                promotionPassed);
        if (denial.isEmpty()) {
            return true;
        }
        if (t.status().phase() != CanaryPhase.WAITING_PROMOTION) {
            report.warn(t, "Halt " + t.dotted() + " advancement waiting for promotion approval " + denial.get().hook().name());
            if (!denial.get().hook().alertsMuted()) {
                report.alert(t, "Canary promotion is waiting for approval.", AlertSeverity.WARN, false);
            }
            Phases.enter(t, CanaryPhase.WAITING_PROMOTION);
        }
        // The effective analysis, not the manifest's: the kubernetes provider runs 10 iterations when none are set.
        int parked = analysis.iterationsOrZero() - 1;
        if (t.status().iterations() != parked) {
            t.status(s -> s.iterations(parked));
        }
        return false;
    }

    /** One more passed iteration of A/B testing or blue/green. */
    void advanceIteration(TickContext t, int iterations) {
        int next = t.status().iterations() + 1;
        t.status(s -> s.iterations(next));
        // One concatenation (not t.dotted()'s and then this one): the text of every steady tick.
        report.normal(t, "Advance " + t.canary.name() + "." + t.canary.namespace() + " canary iteration " + next + "/" + iterations);
    }
}
