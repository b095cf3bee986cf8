package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** What one tick has seen and done so far. Lives for one tick only: the engine keeps no state. */
final class TickContext {

    final Instant now;
    final Canary original;
    Canary canary;
    // What the tick recorded, as immutable lists that the result keeps without copying: a steady tick
    // records an event, a hook call and a few checks, and most ticks no alert. Added to by record().
    List<CanaryEvent> events = List.of();
    List<CheckResult> checks = List.of();
    List<WebhookCall> webhooks = List.of();
    List<Notification> alerts = List.of();
    /** The revision checksum of the status it was computed for: every hook call of a tick sends the same one. */
    private @Nullable CanaryStatus checksummed;
    private String checksum = "";
    @Nullable Routes routeChange;
    /** Every sequential test with {@code promoteEarly} accepted this tick: promote without further steps. */
    boolean promoteEarly;
    /** A pending {@code canary promote}: its nonce, recorded once the promotion it asked for is done. */
    @Nullable String promoteRequest;
    /** The split on the route when the analysis began; the strategies step from the committed one ({@link Cadence#committed}). */
    Routes liveRoutes = Routes.PRIMARY_ONLY;
    /** The canary's provider ({@code spec.provider} or the engine's default) and its router, chosen once per tick. */
    String provider = "";
    TrafficRouter router = TrafficRouter.NOOP;
    /** Whether the status differs from the one the tick started with; set by {@link #stampWrite()}. */
    private boolean statusChanged;

    TickContext(Canary canary, Instant now) {
        this.original = canary;
        this.canary = canary;
        this.now = now;
    }

    void record(CanaryEvent event) {
        events = plus(events, event);
    }

    void record(WebhookCall call) {
        webhooks = plus(webhooks, call);
    }

    void record(Notification alert) {
        alerts = plus(alerts, alert);
    }

    void record(List<CheckResult> results) {
        checks = checks.isEmpty() ? List.copyOf(results) : List.copyOf(plusAll(checks, results));
    }

    /** {@code list} and {@code element} in a new immutable list: for the one or two elements of a tick, no array. */
    private static <T> List<T> plus(List<T> list, T element) {
        return switch (list.size()) {
            case 0 -> List.of(element);
            case 1 -> List.of(list.get(0), element);
            default -> List.copyOf(plusAll(list, List.of(element)));
        };
    }

    private static <T> List<T> plusAll(List<T> list, List<T> more) {
        List<T> all = new ArrayList<>(list.size() + more.size());
        all.addAll(list);
        all.addAll(more);
        return all;
    }

    CanaryStatus status() {
        return canary.status();
    }

    void status(UnaryOperator<CanaryStatus.Builder> change) {
        canary = canary.withStatus(change.apply(canary.status().toBuilder()).build());
    }

    /** The webhook checksum of the current status, computed by {@code compute} only when the revision changed within the tick. */
    String checksum(java.util.function.Function<CanaryStatus, String> compute) {
        CanaryStatus status = status();
        if (checksummed == null || !(checksummed.lastAppliedSpec() == status.lastAppliedSpec()
                && checksummed.trackedConfigs() == status.trackedConfigs())) {
            checksum = compute.apply(status);
            checksummed = status;
        }
        return checksum;
    }

    String dotted() {
        return canary.name() + "." + canary.namespace();
    }

    String target() {
        return canary.spec().targetRef().name() + "." + canary.namespace();
    }

    /**
     * Stamps a changed status with the time of its write, as the driver will write it (Flagger stamps
     * every status write with the time of the write). Once, when the tick's work is done: the next
     * tick is scheduled from the stamped status.
     */
    void stampWrite() {
        CanaryStatus before = original.status();
        CanaryStatus after = canary.status();
        statusChanged = !after.equals(before);
        if (statusChanged && java.util.Objects.equals(after.lastTransitionTime(), before.lastTransitionTime())) {
            canary = canary.withStatus(after.withLastTransitionTime(now));
        }
    }

    /** The tick's result; after {@link #stampWrite()}. */
    TickResult finish(Duration rescheduleAfter) {
        return new TickResult(canary, statusChanged, routeChange, events, checks, webhooks, alerts, rescheduleAfter);
    }
}
