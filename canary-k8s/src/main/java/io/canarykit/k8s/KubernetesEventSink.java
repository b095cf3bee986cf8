package io.canarykit.k8s;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.k8s.internal.EventCorrelator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final Clock clock;
    private final String component;
    private final EventCorrelator correlator;
    private final AtomicLong lastStamp = new AtomicLong();

    private KubernetesEventSink(KubernetesCaches caches, Clock clock, String component, Duration window) {
        this.caches = Objects.requireNonNull(caches, "caches");
        this.client = caches.client();
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
        try {
            Optional<EventCorrelator.Seen> previous = correlator.previous(key, now);
            if (previous.isPresent() && bump(event.namespace(), previous.get(), now)) {
                correlator.record(key, new EventCorrelator.Seen(previous.get().eventName(), previous.get().count() + 1, now));
                return;
            }
            // Unique per sink even when the clock stands still (virtual time) between two events.
            long stamp = lastStamp.updateAndGet(last -> Math.max(last + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
            String name = event.canaryName() + "." + Long.toHexString(stamp);
            Optional<GenericKubernetesResource> canary = caches.canaries().get(event.namespace(), event.canaryName());
            Event created = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(event.namespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(caches.group().apiVersion()).withKind("Canary")
                    .withName(event.canaryName()).withNamespace(event.namespace())
                    .withUid(canary.map(c -> c.getMetadata().getUid()).orElse(null))
                    .withResourceVersion(canary.map(c -> c.getMetadata().getResourceVersion()).orElse(null))
                    .endInvolvedObject()
                    .withReason(event.reason()).withMessage(event.message()).withType(event.type().wireName())
                    .withNewSource().withComponent(component).endSource()
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .build();
            client.v1().events().inNamespace(event.namespace()).resource(created).create();
            correlator.record(key, new EventCorrelator.Seen(name, 1, now));
        } catch (KubernetesClientException e) {
            LOG.warn("canary={}/{} event not recorded: HTTP {}", event.namespace(), event.canaryName(), e.getCode());
        }
    }

    /** Raises the count of an existing Event; false when it is gone (expired by the server). */
    private boolean bump(String namespace, EventCorrelator.Seen seen, Instant now) {
        String patch = "[{\"op\":\"replace\",\"path\":\"/count\",\"value\":" + (seen.count() + 1) + "},"
                + "{\"op\":\"replace\",\"path\":\"/lastTimestamp\",\"value\":\"" + now + "\"}]";
        Event ref = new EventBuilder().withNewMetadata().withName(seen.eventName()).withNamespace(namespace).endMetadata().build();
        try {
            client.v1().events().inNamespace(namespace).resource(ref).patch(PatchContext.of(PatchType.JSON), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 422) {
                return false;
            }
            throw e;
        }
    }
}
