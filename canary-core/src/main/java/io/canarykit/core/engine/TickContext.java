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
    // Empty until used (no array yet): a steady tick records a few checks and hook calls, and most ticks no alert.
    final List<CanaryEvent> events = new ArrayList<>(0);
    final List<CheckResult> checks = new ArrayList<>(0);
    final List<WebhookCall> webhooks = new ArrayList<>(0);
    final List<Notification> alerts = new ArrayList<>(0);
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
            canary = canary.withStatus(after.toBuilder().lastTransitionTime(now).build());
        }
    }

    /** The tick's result; after {@link #stampWrite()}. */
    TickResult finish(Duration rescheduleAfter) {
        return new TickResult(canary, statusChanged, routeChange, events, checks, webhooks, alerts, rescheduleAfter);
    }
}
