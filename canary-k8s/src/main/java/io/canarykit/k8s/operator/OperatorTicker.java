package io.canarykit.k8s.operator;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.EventType;
import io.canarykit.api.spi.Readiness;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator tick: refuses to run without the lease (or with a lease renewal older than the
 * renew deadline), keeps the {@code revertOnDeletion} finalizer in line with the spec, finalizes a
 * deleted canary (Terminating, target revert, waiting for the target with backoff, router revert,
 * Terminated, finalizer removed), repairs the routing objects of a canary whose route drifted, and
 * otherwise runs the engine; then reports to metrics.
 *
 * <p>Finalizing never sleeps: each readiness check is a tick of its own, rescheduled on the tick
 * timer, and the checks made so far are kept in the status ({@code phase: Terminating},
 * {@code iterations}) so that a restarted operator resumes where this one stood.
 */
final class OperatorTicker implements Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorTicker.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Flagger's finalizing backoff: 3s, doubling, capped at the analysis interval, 4 steps. */
    static final Duration FINALIZING_FIRST_WAIT = Duration.ofSeconds(3);
    static final int FINALIZING_CHECKS = 4;
    static final String NOT_READY_DURING_FINALIZING = "canary not ready during finalizing";

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
    private final @Nullable LeaseRenewals renewals;
    /** Canaries whose routing objects drifted: their next tick repairs them unless an analysis is due. */
    private final Set<CanaryKey> drifted = ConcurrentHashMap.newKeySet();
    /** When each canary's next regular tick is due (scheduling state only; a restart ticks at once). */
    private final ConcurrentMap<CanaryKey, Instant> due = new ConcurrentHashMap<>();

    OperatorTicker(KubernetesCaches caches, ReadYourWritesStore store, CanaryEngine engine, TargetController target,
            Map<String, TrafficRouter> routers, String defaultProvider, EventSink events, OperatorMetrics metrics, Clock clock,
            BooleanSupplier leading, @Nullable LeaseRenewals renewals) {
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
        this.renewals = renewals;
    }

    /** The next tick of {@code key} repairs its routing objects (an object it owns drifted). */
    void repairRequested(CanaryKey key) {
        drifted.add(key);
    }

    /** The next tick of {@code key} is a full one (its spec changed or it is being deleted). */
    void fullTickRequested(CanaryKey key) {
        drifted.remove(key);
    }

    void forget(CanaryKey key) {
        drifted.remove(key);
        due.remove(key);
    }

    @Override
    public TickResult tick(Canary canary) {
        CanaryKey key = CanaryKey.of(canary);
        if (!leading.getAsBoolean()) {
            throw new IllegalStateException("not the leader: tick of " + key + " refused");
        }
        if (renewals != null && !renewals.isFresh(clock.instant())) {
            throw new IllegalStateException("lease last renewed at " + renewals.lastRenewal().map(Instant::toString).orElse("never")
                    + ", longer ago than the renew deadline: tick of " + key + " refused");
        }
        long start = System.nanoTime();
        CanaryPhase before = canary.status().phase();
        Instant lastAnalysisBefore = canary.status().lastAnalysisAt();
        Instant now = clock.instant();
        Instant dueAt = due.get(key);
        boolean repair = drifted.remove(key);
        TickResult result;
        if (canary.metadata().isBeingDeleted() && canary.status().isIn(CanaryPhase.TERMINATING) && dueAt != null
                && now.isBefore(dueAt)) {
            // An extra tick (an event racing the scheduled one) is not a readiness check: the backoff holds.
            result = new TickResult(canary, false, null, List.of(), List.of(), List.of(), List.of(), Duration.between(now, dueAt));
        } else if (canary.metadata().isBeingDeleted()) {
            result = finalizeDeletion(canary);
            due.put(key, now.plus(result.rescheduleAfter()));
        } else if (repair && dueAt != null && now.isBefore(dueAt)) {
            // Drift between two analyses: repair the routing objects, keep the analysis' cadence.
            router(canary).reconcile(canary);
            result = new TickResult(canary, false, null, List.of(), List.of(), List.of(), List.of(), Duration.between(now, dueAt));
        } else {
            Optional<GenericKubernetesResource> resource = caches.canaries().get(canary.namespace(), canary.name());
            Canary current = resource.map(r -> syncFinalizer(canary, r)).orElse(canary);
            result = engine.tick(current);
            due.put(key, now.plus(result.rescheduleAfter()));
        }
        metrics.tick(before, result);
        if (OperatorMetrics.reachedAnalysis(lastAnalysisBefore, result)) {
            metrics.analysed(result, Duration.ofNanos(System.nanoTime() - start));
        }
        return result;
    }

    private TrafficRouter router(Canary canary) {
        return routers.getOrDefault(canary.spec().providerOr(defaultProvider), routers.get(CanaryEngine.KUBERNETES_PROVIDER));
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

    /**
     * Flagger's finalizer (reference §4.8), one step per tick. The first tick reverts the target and
     * enters Terminating with no readiness check made ({@code iterations: 0}); each later tick checks
     * the target once and records the count in {@code iterations}. The checks are spaced by
     * Flagger's backoff (3s, 6s, 12s, ... each capped at the analysis interval); the first one comes
     * one wait after the revert, since the informer cache cannot show the revert before then (Flagger
     * reads the API server at once). When the target is ready, or after 4 checks, or at once when
     * waiting cannot help, the router is reverted and the finalizer removed; giving up records
     * {@value #NOT_READY_DURING_FINALIZING} first, as Flagger carries on after its retries.
     */
    private TickResult finalizeDeletion(Canary canary) {
        if (!canary.metadata().finalizers().contains(CanaryOperator.FINALIZER)) {
            // Nothing to revert: the generated objects go with the canary through their owner references.
            return new TickResult(canary, false, null, List.of(), List.of(), List.of(), List.of(), engine.interval(canary));
        }
        List<CanaryEvent> recorded = new ArrayList<>();
        if (canary.status().isIn(CanaryPhase.TERMINATED)) {
            // An earlier tick reverted and wrote Terminated, then failed to remove the finalizer:
            // only the (idempotent) router revert and the finalizer removal remain.
            router(canary).revert(canary);
            return removeFinalizer(canary, canary, recorded);
        }
        if (!canary.status().isIn(CanaryPhase.TERMINATING)) {
            // The revert comes before the Terminating write, so that Terminating in the status means "reverted".
            target.revert(canary);
            recorded.add(event(canary, EventType.NORMAL, "Terminating canary " + canary.name() + "." + canary.namespace(),
                    CanaryPhase.TERMINATING));
            Canary terminating = store.updateStatus(canary,
                    canary.status().toBuilder().phase(CanaryPhase.TERMINATING).iterations(0).build());
            LOG.info("canary={} phase {}→{} weight={}", CanaryKey.of(canary), canary.status().phase(), CanaryPhase.TERMINATING,
                    canary.status().canaryWeight());
            return new TickResult(terminating, false, null, recorded, List.of(), List.of(), List.of(), finalizingWait(canary, 0));
        }
        int checks = canary.status().iterations() + 1;
        Readiness readiness = target.isCanaryReady(canary);
        if (readiness instanceof Readiness.NotReady notReady) {
            if (notReady.retriable() && checks < FINALIZING_CHECKS) {
                LOG.debug("canary={} not ready during finalizing (check {} of {}): {}", CanaryKey.of(canary), checks,
                        FINALIZING_CHECKS, notReady.message());
                Canary waiting = store.updateStatus(canary, canary.status().toBuilder().iterations(checks).build());
                return new TickResult(waiting, false, null, List.of(), List.of(), List.of(), List.of(),
                        finalizingWait(canary, checks));
            }
            LOG.warn("canary={} {} after {} checks: {}; finalizing anyway", CanaryKey.of(canary), NOT_READY_DURING_FINALIZING,
                    checks, notReady.message());
            recorded.add(event(canary, EventType.WARNING, NOT_READY_DURING_FINALIZING + ": " + notReady.message(),
                    CanaryPhase.TERMINATING));
        }
        router(canary).revert(canary);
        Canary current = store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.TERMINATED).build());
        return removeFinalizer(canary, current, recorded);
    }

    /** Removes the finalizer of {@code canary}, whose status {@code current} already says Terminated. */
    private TickResult removeFinalizer(Canary canary, Canary current, List<CanaryEvent> recorded) {
        GenericKubernetesResource fresh = caches.canaries().fresh(current.namespace(), current.name())
                .orElseThrow(() -> new ConflictException(KubernetesCalls.BACKEND, "canary " + CanaryKey.of(canary) + " vanished while terminating", null));
        List<String> finalizers = new ArrayList<>(Optional.ofNullable(fresh.getMetadata().getFinalizers()).orElse(List.of()));
        finalizers.remove(CanaryOperator.FINALIZER);
        writeFinalizers(current, fresh, finalizers);
        recorded.add(event(canary, EventType.NORMAL, "Terminated canary " + canary.name() + "." + canary.namespace(),
                CanaryPhase.TERMINATED));
        if (!canary.status().isIn(CanaryPhase.TERMINATED)) {
            LOG.info("canary={} phase {}→{} weight={}", CanaryKey.of(canary), canary.status().phase(), CanaryPhase.TERMINATED, 0);
        }
        return new TickResult(current, false, null, recorded, List.of(), List.of(), List.of(), engine.interval(canary));
    }

    /** The wait before readiness check {@code checksMade + 1}: 3s doubled {@code checksMade} times, capped at the interval. */
    Duration finalizingWait(Canary canary, int checksMade) {
        Duration cap = engine.interval(canary);
        Duration wait = FINALIZING_FIRST_WAIT;
        for (int i = 0; i < checksMade && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) < 0 ? wait : cap;
    }

    private CanaryEvent event(Canary canary, EventType type, String message, CanaryPhase phase) {
        CanaryEvent event = new CanaryEvent(canary.namespace(), canary.name(), type, CanaryEvent.REASON_SYNCED, message,
                clock.instant(), phase);
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
