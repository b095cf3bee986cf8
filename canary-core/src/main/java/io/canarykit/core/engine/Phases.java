package io.canarykit.core.engine;

import io.canarykit.api.model.CanaryPhase;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flagger's phase change: the Promoted condition follows the phase; phases outside a run clear the
 * weight and iterations; WaitingPromotion parks iterations one short of the end (so A/B and
 * blue/green re-ask for promotion); Initialized and Succeeded record the promoted revision.
 */
final class Phases {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryEngine.class);

    private Phases() {
    }

    static void enter(TickContext t, CanaryPhase phase) {
        CanaryPhase before = t.status().phase();
        int iterations = t.canary.analysis().iterationsOrZero();
        t.status(s -> {
            s.phase(phase);
            if (phase != CanaryPhase.PROGRESSING && phase != CanaryPhase.WAITING && phase != CanaryPhase.PROMOTING) {
                s.canaryWeight(0).iterations(0);
            }
            if (phase == CanaryPhase.WAITING_PROMOTION) {
                s.iterations(iterations - 1);
            }
            if (phase == CanaryPhase.INITIALIZED || phase == CanaryPhase.SUCCEEDED) {
                s.lastPromotedSpec(t.status().lastAppliedSpec());
            }
            if (phase.isFinal()) {
                s.analysisStartedAt(null).lastAnalysisAt(null).insufficientChecks(Map.of());
            }
            return s.conditions(PromotedCondition.update(t.status().conditions(), phase, TickReporter.kind(t), t.now));
        });
        if (before != phase) {
            // The engine's logger: one INFO line per transition, under the name operators filter on.
            LOG.info("canary={}/{} phase {}→{} weight={}", t.canary.namespace(), t.canary.name(), before, phase,
                    t.status().canaryWeight());
        }
    }
}
