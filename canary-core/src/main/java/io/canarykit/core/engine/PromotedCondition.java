package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanaryPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Flagger's single {@code Promoted} condition, which follows the phase. */
final class PromotedCondition {

    private PromotedCondition() {
    }

    /**
     * The conditions after entering {@code phase}. Rewritten only when its status or reason
     * changes; when only the reason changes the transition time is kept.
     */
    static List<CanaryCondition> update(List<CanaryCondition> conditions, CanaryPhase phase, String kind, Instant now) {
        String status = switch (phase) {
            case INITIALIZED, SUCCEEDED -> "True";
            case FAILED -> "False";
            default -> "Unknown";
        };
        String message = switch (phase) {
            case INITIALIZED -> kind + " initialization completed.";
            case WAITING, WAITING_PROMOTION -> "Waiting for approval.";
            case PROGRESSING -> "New revision detected, progressing canary analysis.";
            case PROMOTING -> "Canary analysis completed, starting primary rolling update.";
            case FINALISING -> "Canary analysis completed, routing all traffic to primary.";
            case SUCCEEDED -> "Canary analysis completed successfully, promotion finished.";
            case FAILED -> "Canary analysis failed, " + kind + " scaled to zero.";
            default -> "New " + kind + " detected, starting initialization.";
        };
        String reason = phase.wireName();
        Optional<CanaryCondition> current = conditions.stream().filter(c -> c.type().equals(CanaryCondition.PROMOTED)).findFirst();
        if (current.isPresent() && current.get().status().equals(status) && reason.equals(current.get().reason())) {
            return conditions;
        }
        Instant transition = current.isPresent() && current.get().status().equals(status) && current.get().lastTransitionTime() != null
                ? current.get().lastTransitionTime()
                : now;
        List<CanaryCondition> updated = new ArrayList<>();
        conditions.stream().filter(c -> !c.type().equals(CanaryCondition.PROMOTED)).forEach(updated::add);
        updated.add(new CanaryCondition(CanaryCondition.PROMOTED, status, now, transition, reason, message));
        return updated;
    }
}
