package io.canarykit.k8s.operator;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.WebhookType;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.engine.WebhookCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Receives what the operator measures. The operator itself depends on no metrics library; the
 * Micrometer implementation ({@code io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics})
 * is loaded only when the embedder passes it, so Micrometer stays an optional dependency.
 */
public interface OperatorMetrics {

    OperatorMetrics NOOP = new OperatorMetrics() {
    };

    /** The webhook types that run inside the analysis section. */
    Set<WebhookType> ANALYSIS_HOOKS = Set.of(WebhookType.PRE_ROLLOUT, WebhookType.ROLLOUT, WebhookType.CONFIRM_TRAFFIC_INCREASE,
            WebhookType.CONFIRM_PROMOTION);

    /** Once at start: the operator's version and its default provider. */
    default void info(String version, String defaultProvider) {
    }

    /** Canaries per namespace, after every change of the Canary informer. */
    default void canaryTotals(Map<String, Integer> perNamespace) {
    }

    /** One tick ran (any tick): the phase before it and its result, with the new status. */
    default void tick(@Nullable CanaryPhase before, TickResult result) {
    }

    /**
     * A tick that reached the analysis section ran for {@code took} (Flagger's
     * {@code flagger_canary_duration_seconds}); called after {@link #tick} for the ticks
     * {@link #reachedAnalysis} accepts, and for no other.
     */
    default void analysed(TickResult result, Duration took) {
    }

    /**
     * Whether a tick reached Flagger's analysis section (reference §2.2 step 27, where Flagger starts
     * timing): it stamped a new {@code status.lastAnalysisAt} (the first analysis tick, with or
     * without pre-rollout hooks, and every later one), or it ran a metric check, or a pre-rollout,
     * rollout, confirm-traffic-increase or confirm-promotion hook. Idle, initializing, waiting,
     * not-ready, promoting, finalising and terminating ticks do not: they return before the
     * analysis, and the confirm-rollout, rollback and post-rollout hooks run outside it.
     */
    static boolean reachedAnalysis(@Nullable Instant lastAnalysisBefore, TickResult result) {
        Instant after = result.status().lastAnalysisAt();
        if (after != null && !after.equals(lastAnalysisBefore)) {
            return true;
        }
        return !result.checks().isEmpty() || result.webhooks().stream().map(WebhookCall::type).anyMatch(ANALYSIS_HOOKS::contains);
    }
}
