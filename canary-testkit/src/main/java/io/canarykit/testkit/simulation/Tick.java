package io.canarykit.testkit.simulation;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.WebhookCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state after one simulated tick: its index and time offset from the new revision, the phase,
 * the traffic split on the route (not {@code status.canaryWeight}, which Flagger zeroes in some
 * phases), the failed-check count and iterations of the status, everything the tick did, and the
 * simulated workload afterwards ({@link TargetState}: revisions, configs, canary scaled up or not).
 */
public record Tick(
        int index,
        Duration at,
        CanaryPhase phase,
        int canaryWeight,
        int primaryWeight,
        boolean mirrored,
        int failedChecks,
        int iterations,
        List<CheckResult> checks,
        List<WebhookCall> webhooks,
        List<CanaryEvent> events,
        TargetState target) {

    public Tick {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(phase, "phase");
        checks = List.copyOf(checks);
        webhooks = List.copyOf(webhooks);
        events = List.copyOf(events);
        Objects.requireNonNull(target, "target");
    }

    /** A tick without a simulated workload ({@link TargetState#NONE}), e.g. from a demo that drives real backends. */
    public Tick(int index, Duration at, CanaryPhase phase, int canaryWeight, int primaryWeight, boolean mirrored, int failedChecks,
            int iterations, List<CheckResult> checks, List<WebhookCall> webhooks, List<CanaryEvent> events) {
        this(index, at, phase, canaryWeight, primaryWeight, mirrored, failedChecks, iterations, checks, webhooks, events,
                TargetState.NONE);
    }

    /** The check of the metric named {@code metric}, if it was evaluated in this tick. */
    public Optional<CheckResult> check(String metric) {
        return checks.stream().filter(c -> c.metric().equals(metric)).findFirst();
    }

    /** The check that failed in this tick, if one did (analysis stops at the first failure). */
    public Optional<CheckResult> failedCheck() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }
}
