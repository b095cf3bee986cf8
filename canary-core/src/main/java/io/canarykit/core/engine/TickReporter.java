package io.canarykit.core.engine;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryAlert;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.EventType;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Notifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the world what a tick did: Kubernetes-style events (with Flagger's texts, also sent to the
 * canary's {@code event} webhooks) and alerts routed by severity. Every event and alert is also
 * recorded in the tick's result.
 */
final class TickReporter {

    private static final Logger LOG = LoggerFactory.getLogger(TickReporter.class);

    private final EventSink events;
    private final Notifier notifier;
    private final WebhookGates gates;

    TickReporter(EventSink events, Notifier notifier, WebhookGates gates) {
        this.events = events;
        this.notifier = notifier;
        this.gates = gates;
    }

    void normal(TickContext t, String message) {
        event(t, EventType.NORMAL, message);
    }

    void warn(TickContext t, String message) {
        event(t, EventType.WARNING, message);
    }

    private void event(TickContext t, EventType type, String message) {
        CanaryEvent event = new CanaryEvent(t.canary.namespace(), t.canary.name(), type, CanaryEvent.REASON_SYNCED, message,
                t.now, t.status().phase());
        t.record(event);
        events.record(event);
        String phase = t.status().phase() == null ? "" : t.status().phase().wireName();
        List<CanaryWebhook> hooks = t.canary.analysis().webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            CanaryWebhook hook = hooks.get(i);
            if (!hook.is(WebhookType.EVENT)) {
                continue;
            }
            gates.call(t, hook, WebhookType.EVENT, phase,
                    WebhookGates.eventMetadata(hook, message, type.wireName(), t.now.toEpochMilli()));
        }
    }

    /**
     * Routes an alert by severity: without {@code analysis.alerts} it goes to the controller-wide
     * notifier; otherwise to every entry whose severity receives it (an entry without severity is info).
     */
    void alert(TickContext t, String message, AlertSeverity severity, boolean withMetadata) {
        Map<String, String> fields = withMetadata ? alertFields(t) : Map.of();
        List<CanaryAlert> entries = t.canary.analysis().alerts();
        if (entries.isEmpty()) {
            deliver(t, new Notification(t.canary.namespace(), t.canary.name(), message, severity, fields, null));
            return;
        }
        for (CanaryAlert entry : entries) {
            if (entry.severityOrDefault().map(s -> s.receives(severity)).orElse(false)) {
                deliver(t, new Notification(t.canary.namespace(), t.canary.name(), message, severity, fields, entry.providerRef()));
            }
        }
    }

    private void deliver(TickContext t, Notification notification) {
        t.record(notification);
        try {
            notifier.send(notification);
        } catch (RuntimeException e) {
            LOG.warn("canary={}/{} alert delivery failed: {}", t.canary.namespace(), t.canary.name(), e.toString());
        }
    }

    private Map<String, String> alertFields(TickContext t) {
        CanaryAnalysis a = t.canary.analysis();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Target", kind(t) + "/" + t.target());
        fields.put("Failed checks threshold", Integer.toString(a.thresholdOrDefault()));
        fields.put("Progress deadline", t.canary.spec().progressDeadline().toSeconds() + "s");
        String routing = switch (a.strategy()) {
            case AB_TESTING -> "A/B Testing";
            case BLUE_GREEN -> "Blue/Green";
            case CANARY -> a.stepWeights().isEmpty()
                    ? "Weight step: " + a.stepWeightOrZero() + " max: " + a.maxWeightOrDefault()
                    : "Weight steps: " + a.stepWeights().stream().map(String::valueOf).collect(Collectors.joining(","))
                            + " max: " + a.maxWeightOrDefault();
        };
        fields.put("Traffic routing", routing);
        return fields;
    }

    static String kind(TickContext t) {
        String kind = t.canary.spec().targetRef().kind();
        return kind == null || kind.isEmpty() ? "Deployment" : kind;
    }
}
