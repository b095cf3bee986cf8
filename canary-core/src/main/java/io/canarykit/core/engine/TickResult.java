package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Routes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything one tick did and decided: the canary with its new status, the route change (if any),
 * the events, every metric check and webhook call, the alerts sent, and when the next tick is due.
 * The driver persists {@link #status()} when {@link #statusChanged()}; an idle tick changes nothing.
 */
public record TickResult(
        Canary canary,
        boolean statusChanged,
        @Nullable Routes routeChange,
        List<CanaryEvent> events,
        List<CheckResult> checks,
        List<WebhookCall> webhooks,
        List<Notification> alerts,
        Duration rescheduleAfter) {

    public TickResult {
        Objects.requireNonNull(canary, "canary");
        events = List.copyOf(events);
        checks = List.copyOf(checks);
        webhooks = List.copyOf(webhooks);
        alerts = List.copyOf(alerts);
        Objects.requireNonNull(rescheduleAfter, "rescheduleAfter");
    }

    public CanaryStatus status() {
        return canary.status();
    }

    /** The split this tick applied, if it applied one. */
    public Optional<Routes> appliedRoutes() {
        return Optional.ofNullable(routeChange);
    }

    /** The checks that did not pass (at most one per tick: analysis stops at the first failure). */
    public List<CheckResult> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }
}
