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

    /** The status as the driver will write it: a changed one stamped with the time of the write. */
    CanaryStatus statusAsWritten() {
        CanaryStatus before = original.status();
        CanaryStatus after = canary.status();
        if (!after.equals(before) && java.util.Objects.equals(after.lastTransitionTime(), before.lastTransitionTime())) {
            // Flagger stamps every status write with the time of the write.
            return after.toBuilder().lastTransitionTime(now).build();
        }
        return after;
    }

    TickResult finish(Duration rescheduleAfter) {
        boolean changed = !canary.status().equals(original.status());
        CanaryStatus written = statusAsWritten();
        if (written != canary.status()) {
            canary = canary.withStatus(written);
        }
        return new TickResult(canary, changed, routeChange, events, checks, webhooks, alerts, rescheduleAfter);
    }
}
