package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tick records into immutable lists that its result keeps as they are, and stamps a changed status once. */
class TickContextTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TickContext tick() {
        return new TickContext(Canary.of(ObjectMeta.of("prod", "web"), new CanarySpec(null, null, null, null, null, null, null,
                null, null, null, null, null, null, null)), NOW);
    }

    private static CanaryEvent event(String message) {
        return new CanaryEvent("prod", "web", EventType.NORMAL, CanaryEvent.REASON_SYNCED, message, NOW, null);
    }

    @Test
    void recordsInOrderAndTheResultKeepsTheListsAsTheyAre() {
        TickContext t = tick();
        for (String message : List.of("one", "two", "three", "four")) {
            t.record(event(message));
        }
        t.record(new WebhookCall("load-test", WebhookType.ROLLOUT, 200, true, ""));
        List<CheckResult> checks = new ArrayList<>(List.of(new CheckResult("error-rate", "q", 0.2, null, 1.0, Verdict.PASS, "")));
        t.record(checks);
        checks.clear();
        t.record(List.of(new CheckResult("request-duration", "q", 3.0, null, 500.0, Verdict.PASS, "")));
        t.stampWrite();

        TickResult result = t.finish(Duration.ofMinutes(1));

        assertThat(result.events()).extracting(CanaryEvent::message).containsExactly("one", "two", "three", "four");
        assertThat(result.events()).isSameAs(t.events);
        assertThat(result.webhooks()).hasSize(1).isSameAs(t.webhooks);
        assertThat(result.checks()).extracting(CheckResult::metric).containsExactly("error-rate", "request-duration");
        assertThat(result.alerts()).isEmpty();
        assertThatThrownBy(() -> result.events().add(event("five"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(result.statusChanged()).isFalse();
    }

    @Test
    void aChangedStatusIsStampedWithTheTimeOfItsWrite() {
        TickContext t = tick();
        t.status(s -> s.failedChecks(1));
        t.stampWrite();

        TickResult result = t.finish(Duration.ofMinutes(1));

        assertThat(result.statusChanged()).isTrue();
        assertThat(result.status().lastTransitionTime()).isEqualTo(NOW);
        assertThat(result.status().failedChecks()).isEqualTo(1);
    }
}
