package io.canarykit.k8s.operator;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.EventType;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.Ticker;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator tick: refuses to run without the lease, keeps the {@code revertOnDeletion}
 * finalizer in line with the spec, finalizes a deleted canary (Terminating, target and router
 * revert, Terminated, finalizer removed) and otherwise runs the engine; then reports to metrics.
 */
final class OperatorTicker implements Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorTicker.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesCaches caches;
    private final CanaryApiGroup group;
    private final ReadYourWritesStore store;
    private final CanaryEngine engine;
    private final TargetController target;
    private final Map<String, TrafficRouter> routers;
    private final String defaultProvider;
    private final EventSink events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier leading;

    OperatorTicker(KubernetesCaches caches, ReadYourWritesStore store, CanaryEngine engine, TargetController target,
            Map<String, TrafficRouter> routers, String defaultProvider, EventSink events, OperatorMetrics metrics, Clock clock,
            BooleanSupplier leading) {
        this.caches = caches;
        this.group = caches.group();
        this.store = store;
        this.engine = engine;
        this.target = target;
        this.routers = Map.copyOf(routers);
        this.defaultProvider = defaultProvider;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.leading = leading;
    }

    @Override
    public TickResult tick(Canary canary) {
        if (!leading.getAsBoolean()) {
            throw new IllegalStateException("not the leader: tick of " + CanaryKey.of(canary) + " refused");
        }
        long start = System.nanoTime();
        CanaryPhase before = canary.status().phase();
        Optional<GenericKubernetesResource> resource = caches.canaries().get(canary.namespace(), canary.name());
        TickResult result;
        if (canary.metadata().isBeingDeleted()) {
            result = finalizeDeletion(canary);
        } else {
            Canary current = resource.map(r -> syncFinalizer(canary, r)).orElse(canary);
            result = engine.tick(current);
        }
        metrics.tick(before, result, Duration.ofNanos(System.nanoTime() - start));
        return result;
    }

    /** Adds the finalizer when {@code revertOnDeletion} is on, removes it when it is off; writes only on a change. */
    private Canary syncFinalizer(Canary canary, GenericKubernetesResource resource) {
        boolean wanted = canary.spec().isRevertOnDeletion();
        List<String> finalizers = Optional.ofNullable(resource.getMetadata().getFinalizers()).orElse(List.of());
        if (wanted == finalizers.contains(CanaryOperator.FINALIZER)) {
            return canary;
        }
        List<String> changed = new ArrayList<>(finalizers);
        if (wanted) {
            changed.add(CanaryOperator.FINALIZER);
        } else {
            changed.remove(CanaryOperator.FINALIZER);
        }
        GenericKubernetesResource written = writeFinalizers(canary, resource, changed);
        Canary after = CanaryResources.toCanary(written).withStatus(canary.status());
        store.wrote(canary, after);
        return after;
    }

    private TickResult finalizeDeletion(Canary canary) {
        Duration next = engine.interval(canary);
        if (!canary.metadata().finalizers().contains(CanaryOperator.FINALIZER)) {
            // Nothing to revert: the generated objects go with the canary through their owner references.
            return new TickResult(canary, false, null, List.of(), List.of(), List.of(), List.of(), next);
        }
        List<CanaryEvent> recorded = new ArrayList<>();
        Canary current = canary;
        if (!canary.status().isIn(CanaryPhase.TERMINATING)) {
            recorded.add(event(canary, "Terminating canary " + canary.name() + "." + canary.namespace(), CanaryPhase.TERMINATING));
            current = store.updateStatus(current, current.status().toBuilder().phase(CanaryPhase.TERMINATING).build());
        }
        target.revert(current);
        routers.getOrDefault(current.spec().providerOr(defaultProvider), routers.get(CanaryEngine.KUBERNETES_PROVIDER))
                .revert(current);
        current = store.updateStatus(current, current.status().toBuilder().phase(CanaryPhase.TERMINATED).build());
        GenericKubernetesResource fresh = caches.canaries().fresh(current.namespace(), current.name())
                .orElseThrow(() -> new ConflictException(KubernetesCalls.BACKEND, "canary " + CanaryKey.of(canary) + " vanished while terminating", null));
        List<String> finalizers = new ArrayList<>(Optional.ofNullable(fresh.getMetadata().getFinalizers()).orElse(List.of()));
        finalizers.remove(CanaryOperator.FINALIZER);
        writeFinalizers(current, fresh, finalizers);
        recorded.add(event(canary, "Terminated canary " + canary.name() + "." + canary.namespace(), CanaryPhase.TERMINATED));
        LOG.info("canary={} phase {}→{} weight={}", CanaryKey.of(canary), canary.status().phase(), CanaryPhase.TERMINATED, 0);
        return new TickResult(current, false, null, recorded, List.of(), List.of(), List.of(), next);
    }

    private CanaryEvent event(Canary canary, String message, CanaryPhase phase) {
        CanaryEvent event = new CanaryEvent(canary.namespace(), canary.name(), EventType.NORMAL, CanaryEvent.REASON_SYNCED,
                message, clock.instant(), phase);
        events.record(event);
        return event;
    }

    /** A PUT of the canary with {@code finalizers} at the resourceVersion it was read at (409 if it moved). */
    private GenericKubernetesResource writeFinalizers(Canary canary, GenericKubernetesResource base, List<String> finalizers) {
        GenericKubernetesResource copy = SERIALIZATION.clone(base);
        copy.getMetadata().setFinalizers(finalizers);
        String what = "update finalizers of canary " + CanaryKey.of(canary);
        try {
            return caches.client().genericKubernetesResources(group.canaries()).resource(copy).update();
        } catch (KubernetesClientException e) {
            throw KubernetesCalls.translate(what, e);
        }
    }
}
