package io.canarykit.k8s;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.k8s.internal.EventCorrelator;
import io.canarykit.k8s.internal.EventWrites;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes canary events as core/v1 Events on the Canary, as Flagger does: reason {@code Synced},
 * source component {@code flagger} (configurable), Flagger's texts. A repeat of the same event
 * within the correlation window raises the count of the existing Event with a JSON Patch instead of
 * creating another (client-go's correlator). Never throws: an event that cannot be written is logged.
 */
public final class KubernetesEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
    public static final String DEFAULT_COMPONENT = "flagger";
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    private final EventWrites writes;
    private final KubernetesCaches caches;
    private final Clock clock;
    private final String component;
    private final EventCorrelator correlator;
    private final AtomicLong lastStamp = new AtomicLong();

    private KubernetesEventSink(KubernetesCaches caches, Clock clock, String component, Duration window) {
        this.caches = Objects.requireNonNull(caches, "caches");
        this.writes = new EventWrites(caches.client());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.component = Objects.requireNonNull(component, "component");
        this.correlator = new EventCorrelator(window);
    }

    public static KubernetesEventSink of(KubernetesCaches caches, Clock clock) {
        return new KubernetesEventSink(caches, clock, DEFAULT_COMPONENT, DEFAULT_WINDOW);
    }

    public static KubernetesEventSink of(KubernetesCaches caches, Clock clock, String component, Duration window) {
        return new KubernetesEventSink(caches, clock, component, window);
    }

    @Override
    public void record(CanaryEvent event) {
        Instant now = clock.instant();
        String key = event.namespace() + "/" + event.canaryName() + "|" + event.type().wireName() + "|" + event.reason()
                + "|" + event.message();
        Optional<EventCorrelator.Seen> previous = correlator.previous(key, now);
        if (previous.isPresent()) {
            EventCorrelator.Seen seen = previous.get();
            EventWrites.Answer raised = writes.bump(event.namespace(), seen.eventName(), seen.count() + 1, now.toString());
            if (raised.written()) {
                correlator.record(key, new EventCorrelator.Seen(seen.eventName(), seen.count() + 1, now));
                return;
            }
            if (raised.code() != 404 && raised.code() != 422) {
                notRecorded(event, raised);
                return;
            }
            // Gone (expired by the server): a new Event follows.
        }
        // Unique per sink even when the clock stands still (virtual time) between two events.
        long stamp = lastStamp.updateAndGet(last -> Math.max(last + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        String name = event.canaryName() + "." + Long.toHexString(stamp);
        Optional<GenericKubernetesResource> canary = caches.canaries().get(event.namespace(), event.canaryName());
        EventWrites.Answer answer = writes.create(new EventWrites.NewEvent(event.namespace(), name, caches.group().apiVersion(),
                "Canary", event.canaryName(), canary.map(c -> c.getMetadata().getUid()).orElse(""),
                canary.map(c -> c.getMetadata().getResourceVersion()).orElse(""), event.type().wireName(), event.reason(),
                event.message(), component, now.toString()));
        if (answer.written()) {
            correlator.record(key, new EventCorrelator.Seen(name, 1, now));
        } else {
            notRecorded(event, answer);
        }
    }

    private static void notRecorded(CanaryEvent event, EventWrites.Answer answer) {
        LOG.warn("canary={}/{} event not recorded: HTTP {} {}", event.namespace(), event.canaryName(), answer.code(),
                answer.reason().length() > 300 ? answer.reason().substring(0, 300) + "…" : answer.reason());
    }
}
