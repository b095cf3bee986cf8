package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.api.model.WireEnum;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.testkit.simulation.Tick;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One observed Canary status as a report {@link Tick}, so the simulator's charts can draw a live
 * run: the phase, weight, failed checks and iterations of the status, and {@code status.lastChecks}
 * as the tick's check results. A status says nothing about webhooks, events or the workload, so
 * the tick carries none; the primary gets the rest of the traffic (mirroring is not in the status).
 */
final class StatusTick {

    private StatusTick() {
    }

    /** The tick for {@code canary}'s status at offset {@code at} of its run; empty while the status has no phase yet. */
    static Optional<Tick> of(Canary canary, int index, Duration at) {
        CanaryStatus s = canary.status();
        if (s.phase() == null) {
            return Optional.empty();
        }
        int weight = Math.max(0, Math.min(100, s.canaryWeight()));
        List<CheckResult> checks = s.lastChecks().stream().map(StatusTick::check).toList();
        return Optional.of(new Tick(index, at, s.phase(), weight, 100 - weight, false, s.failedChecks(), s.iterations(), checks,
                List.of(), List.of()));
    }

    /**
     * When the operator wrote this status: its last analysis, else its last phase change, else
     * {@code seen} (when the dashboard saw it), so ticks sit where the operator's ticks were.
     */
    static Instant time(Canary canary, Instant seen) {
        CanaryStatus s = canary.status();
        return s.lastAnalysisAt() != null ? s.lastAnalysisAt() : s.lastTransitionTime() != null ? s.lastTransitionTime() : seen;
    }

    /**
     * A recorded check as a check result. The status keeps no query or message; an unknown verdict
     * (a newer operator's) is shown as an error rather than dropped, so the chart still marks it.
     */
    static CheckResult check(MetricCheckStatus status) {
        Optional<Verdict> verdict = WireEnum.fromWire(Verdict.class, status.verdict());
        String message = verdict.map(v -> v.passed() ? "" : v.wireName()).orElse("unknown verdict " + status.verdict());
        return new CheckResult(status.name(), "", status.value(), status.min(), status.max(), verdict.orElse(Verdict.ERROR), message);
    }
}
