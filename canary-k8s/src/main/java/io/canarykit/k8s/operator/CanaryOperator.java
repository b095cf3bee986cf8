package io.canarykit.k8s.operator;

import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.CanaryScheduler;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.core.scheduler.TickTimer;
import io.canarykit.core.webhook.JdkWebhookClient;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCanaryStore;
import io.canarykit.k8s.KubernetesEventSink;
import io.canarykit.k8s.KubernetesSecretResolver;
import io.canarykit.k8s.KubernetesServiceRouter;
import io.canarykit.k8s.ScopedInformerCache;
import io.canarykit.k8s.StatusWriteRetry;
import io.canarykit.k8s.TargetControllers;
import io.canarykit.k8s.WatchScope;
import io.canarykit.k8s.alert.AlertProviderNotifier;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CanaryKit operator, embeddable: informers over Canaries, Deployments, Services, ConfigMaps,
 * Secrets, HPAs, MetricTemplates and AlertProviders (plus any {@link ExtraInformer}) in one
 * namespace, several or the whole cluster; Canary events go through a rate-limited work queue to a
 * {@link CanaryScheduler} that ticks each canary at its analysis interval. A spec change
 * ({@code metadata.generation}) or a deletion ticks at once; a status-only update does not; a
 * deleted canary stops. A drift (weights aside) of an object a Canary owns in an extra informer (its HTTPRoute)
 * queues that canary for a repair at once. With leader election, a tick runs only while this
 * replica's last Lease renewal is younger than the renew deadline. All state is in the Canaries'
 * statuses (a finalizing canary's too): a restarted operator resumes every canary where it stood.
 *
 * <pre>{@code
 * CanaryOperator operator = CanaryOperator.builder(client)
 *         .namespaces("shop", "payments")
 *         .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
 *         .leaderElection(LeaderElection.of("canarykit", "canarykit-operator", podName))
 *         .build();
 * operator.start();
 * ...
 * operator.close(); // finishes the ticks in flight, then releases the lease
 * }</pre>
 */
public final class CanaryOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryOperator.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Flagger's finalizer, so that canaries move between Flagger and CanaryKit unchanged. */
    public static final String FINALIZER = "finalizer.flagger.app";
    public static final Duration DEFAULT_TICK_DEADLINE = Duration.ofSeconds(10);
    public static final String VERSION = Optional.ofNullable(CanaryOperator.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private final Builder config;
    private final KubernetesClient client;
    private final WatchScope scope;
    private final Clock clock;
    private final @Nullable TickTimer configuredTimer;
    private final @Nullable LeaderElection election;
    private final OperatorMetrics metrics;
    private final @Nullable LeaseRenewals renewals;
    private final BiConsumer<CanaryKey, Boolean> queueObserver;
    private final Object lifecycle = new Object();

    /**
     * Everything {@link #start} builds, published at once: the work queue's thread, the informers'
     * event threads, the election's callbacks and the HTTP probes read it without the lock.
     * Null before a successful start (and again after a failed one).
     */
    private volatile @Nullable Runtime runtime;
    private volatile @Nullable CanaryScheduler scheduler;
    private volatile boolean leading;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile @Nullable CompletableFuture<?> electionFuture;
    private final AtomicInteger terms = new AtomicInteger();

    private CanaryOperator(Builder b) {
        this.config = b;
        this.client = Objects.requireNonNull(b.client, "client");
        this.scope = b.scope;
        this.clock = b.clock;
        this.configuredTimer = b.timer;
        this.election = b.leaderElection;
        this.metrics = b.metrics;
        this.queueObserver = b.queueObserver;
        this.renewals = election == null ? null
                : new LeaseRenewals(new LeaseLock(election.namespace(), election.leaseName(), election.identity()), clock,
                        election.renewDeadline());
        if (!b.targetKinds.isEmpty() && b.targetController != null && !(b.targetController instanceof TargetControllers)) {
            throw new IllegalArgumentException("targetKind(" + String.join(", ", b.targetKinds.keySet()) + ") adds to a "
                    + "TargetControllers dispatcher, but targetController(...) replaced it with a " + b.targetController.getClass().getName()
                    + ": register the kinds in that controller, or pass a TargetControllers");
        }
        if (election != null) {
            Duration drain = b.tickDeadline.plusSeconds(1);
            if (drain.compareTo(election.handOverBudget()) >= 0) {
                throw new IllegalArgumentException("tickDeadline " + b.tickDeadline + " (+1s drain grace) must be shorter than "
                        + "leaseDuration - renewDeadline = " + election.handOverBudget()
                        + ": a replica that loses the lease must finish its ticks before another may take it");
            }
        }
    }

    public static Builder builder(KubernetesClient client) {
        return new Builder(Objects.requireNonNull(client, "client"));
    }

    /**
     * Starts the informers and the work queue, then leads at once or stands for election. When an
     * informer cannot start (no RBAC, a CRD not installed), every informer started so far is stopped
     * and the exception is rethrown: the operator is left unstarted and {@code start()} may be called again.
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "the operator is closed" : "the operator is already started");
            }
            List<AutoCloseable> built = new ArrayList<>();
            try {
                startRuntime(built);
            } catch (RuntimeException e) {
                runtime = null;
                closeAll(built, e);
                throw e;
            }
            started = true;
            metrics.info(VERSION, config.defaultProvider);
            LOG.info("operator started: scope {}, group {}, leader election {}", describe(scope), config.group.apiVersion(),
                    election == null ? "off" : election.namespace() + "/" + election.leaseName() + " as " + election.identity());
        }
        if (election == null) {
            startLeading();
        } else {
            standForElection();
        }
    }

    /** Builds and starts everything {@link #start} needs; each started resource is added to {@code built} first. */
    private void startRuntime(List<AutoCloseable> built) {
        KubernetesCaches c = KubernetesCaches.informing(client, config.group, scope);
        built.add(c);
        Map<String, List<SharedIndexInformer<?>>> extras = new LinkedHashMap<>();
        config.extraInformers.forEach((name, extra) -> {
            List<SharedIndexInformer<?>> list = new ArrayList<>();
            List<String> namespaces = scope.isClusterWide() ? List.of("") : List.copyOf(scope.namespaces());
            for (String namespace : namespaces) {
                SharedIndexInformer<?> informer = extra.inform(client, namespace);
                built.add(informer::close);
                list.add(informer);
            }
            extras.put(name, List.copyOf(list));
        });
        ScopedInformerCache<GenericKubernetesResource> canaries = c.informingCanaries().orElseThrow();
        OperatorContext context = new OperatorContext(client, c, scope, extras);
        Map<String, TrafficRouter> routers = new LinkedHashMap<>();
        routers.put(CanaryEngine.KUBERNETES_PROVIDER, KubernetesServiceRouter.of(c));
        config.routers.forEach((provider, factory) -> {
            TrafficRouter router = factory.create(context);
            boolean bare = router instanceof KubernetesServiceRouter || config.standaloneRouters.contains(provider);
            routers.put(provider, bare ? router : KubernetesServiceRouter.wrapping(c, router));
        });
        ReadYourWritesStore s = new ReadYourWritesStore(KubernetesCanaryStore.of(c, config.statusWriteRetry));
        TargetController target = targetController(c, context);
        EventSink events = config.eventSink == null ? KubernetesEventSink.of(c, clock) : config.eventSink;
        KubernetesSecretResolver secrets = KubernetesSecretResolver.of(c);
        Notifier notifier = AlertProviderNotifier.of(s, secrets, config.defaultNotifier);
        CanaryEngine.Builder engine = CanaryEngine.builder().clock(clock).targetController(target)
                .metricProviders(config.metricProviders.apply(secrets)).builtinMetrics(config.builtinMetrics).store(s)
                .webhookClient(config.webhookClient == null ? JdkWebhookClient.ofDefaults() : config.webhookClient)
                .eventSink(events).notifier(notifier).defaultProvider(config.defaultProvider)
                .minimumInterval(config.minimumInterval);
        if (config.metricsServer != null) {
            engine.metricsServer(config.metricsServer);
        }
        routers.forEach(engine::trafficRouter);
        engine.trafficRouter(routers.getOrDefault(config.defaultProvider, routers.get(CanaryEngine.KUBERNETES_PROVIDER)));
        OperatorTicker t = new OperatorTicker(c, s, engine.build(), target, routers, config.defaultProvider, events, metrics, clock,
                () -> leading, renewals);
        TickTimer tickTimer;
        @Nullable ScheduledExecutorService executor = null;
        if (configuredTimer == null) {
            executor = TickTimer.singleThreadExecutor(daemon("canary-operator-timer"));
            built.add(executor::shutdownNow);
            tickTimer = TickTimer.of(executor);
        } else {
            tickTimer = configuredTimer;
        }
        WorkQueue q = new WorkQueue("canary-operator-queue", config.queueRate, config.queueBurst, this::process);
        built.add(q);
        Runtime rt = new Runtime(c, extras, canaries, t, s, q, tickTimer, executor);
        // Published before the queue's thread and the event handlers can look for it.
        runtime = rt;
        q.start();
        canaries.addEventHandler(new CanaryEvents(rt));
        extras.values().forEach(list -> list.forEach(informer -> watchOwnedObjects(informer, rt)));
    }

    /** The configured or default target controller, with the target kinds plugins added. */
    private TargetController targetController(KubernetesCaches c, OperatorContext context) {
        TargetController base = config.targetController == null ? TargetControllers.ofDefaults(c, clock) : config.targetController;
        if (config.targetKinds.isEmpty()) {
            return base;
        }
        // The constructor checked that a replaced controller is a dispatcher when kinds are added.
        TargetControllers dispatcher = (TargetControllers) base;
        for (Map.Entry<String, TargetControllerFactory> kind : config.targetKinds.entrySet()) {
            dispatcher = dispatcher.with(kind.getKey(), kind.getValue().create(context, clock));
        }
        return dispatcher;
    }

    /** What a successful {@link #start} built; immutable, so one volatile read sees all of it. */
    private record Runtime(KubernetesCaches caches, Map<String, List<SharedIndexInformer<?>>> extraInformers,
            ScopedInformerCache<GenericKubernetesResource> canaries, OperatorTicker ticker, ReadYourWritesStore store,
            WorkQueue queue, TickTimer timer, @Nullable ScheduledExecutorService ownTimerExecutor) {

        Runtime {
            extraInformers = Map.copyOf(extraInformers);
        }

        List<SharedIndexInformer<?>> extras() {
            return extraInformers.values().stream().<SharedIndexInformer<?>>flatMap(List::stream).toList();
        }
    }

    /** Closes {@code resources} in reverse order; a failure to close one is added to {@code failure}. */
    private static void closeAll(List<AutoCloseable> resources, RuntimeException failure) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private void standForElection() {
        LeaderElection e = Objects.requireNonNull(election);
        CompletableFuture<?> future = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(e.leaseName())
                .withLock(Objects.requireNonNull(renewals))
                .withLeaseDuration(e.leaseDuration()).withRenewDeadline(e.renewDeadline()).withRetryPeriod(e.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.info("lease {}/{} is held by {}", e.namespace(), e.leaseName(), leader)))
                .build()).build().start();
        electionFuture = future;
        future.whenComplete((ignored, error) -> {
            if (!closed) {
                // The lease was lost (and the ticks drained by stopLeading): stand again as a follower.
                LOG.warn("leader election ended{}; standing again", error == null ? "" : ": " + error);
                standForElection();
            }
        });
    }

    /** Takes the lease's term: a fresh scheduler, and every known canary queued for ticking. */
    private void startLeading() {
        Runtime rt;
        synchronized (lifecycle) {
            rt = runtime;
            if (closed || leading || rt == null) {
                return;
            }
            CanaryScheduler.Builder b = CanaryScheduler.builder().ticker(rt.ticker()).store(rt.store()).timer(rt.timer())
                    .maxConcurrentTicks(config.maxConcurrentTicks).tickDeadline(config.tickDeadline).listener(config.listener);
            if (config.executor != null) {
                b.workers(new BorrowedExecutor(config.executor));
            }
            scheduler = b.build();
            leading = true;
            LOG.info("leading (term {}): ticking canaries", terms.incrementAndGet());
        }
        WorkQueue q = rt.queue();
        rt.canaries().list().forEach(r -> q.add(key(r), false));
    }

    /**
     * Ends the term: no tick starts any more ({@code leading} is cleared first, and the ticker refuses
     * to run without it), and the ticks in flight finish before this returns.
     */
    private void stopLeading() {
        CanaryScheduler s;
        synchronized (lifecycle) {
            if (!leading) {
                return;
            }
            leading = false;
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.close();
        }
        LOG.info("stopped leading: ticks drained");
    }

    /** Applies one queued key to the scheduler (the work queue's single thread). */
    private void process(CanaryKey key, boolean urgent) {
        queueObserver.accept(key, urgent);
        CanaryScheduler s = scheduler;
        Runtime rt = runtime;
        if (!leading || s == null || rt == null) {
            return;
        }
        Optional<GenericKubernetesResource> resource = rt.canaries().get(key.namespace(), key.name());
        if (resource.isEmpty()) {
            s.remove(key);
            rt.store().forget(key);
            rt.ticker().forget(key);
            LOG.info("canary={} deleted; no longer ticking", key);
        } else if (urgent) {
            s.tickNow(key);
        } else {
            s.add(key);
        }
    }

    /** The informers have synced: the operator can serve. A standby replica is ready too. */
    public boolean isReady() {
        Runtime rt = runtime;
        return started && !closed && rt != null && rt.caches().hasSynced()
                && rt.extras().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Started, not closed, the work queue running and every informer watching. */
    public boolean isAlive() {
        Runtime rt = runtime;
        return started && !closed && rt != null && rt.queue().isAlive()
                && rt.caches().informers().stream().allMatch(SharedIndexInformer::isRunning);
    }

    /** Whether this replica holds the lease (always, once started, without leader election). */
    public boolean isLeader() {
        return leading;
    }

    /** The canaries being ticked right now by this replica. */
    public Set<CanaryKey> scheduled() {
        CanaryScheduler s = scheduler;
        return s == null ? Set.of() : s.scheduled();
    }

    /** Waits until no tick is in flight; true at once on a replica that is not leading. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        CanaryScheduler s = scheduler;
        return s == null || s.awaitIdle(timeout);
    }

    /** When this replica last acquired or renewed its Lease; empty without leader election or before it did. */
    Optional<Instant> lastLeaseRenewal() {
        return renewals == null ? Optional.empty() : renewals.lastRenewal();
    }

    /** The informer caches (for embedders and tests); empty before {@link #start}. */
    public Optional<KubernetesCaches> caches() {
        Runtime rt = runtime;
        return rt == null ? Optional.empty() : Optional.of(rt.caches());
    }

    /**
     * Graceful shutdown: stops ticking and waits for the ticks in flight (up to the tick deadline),
     * then releases the lease, so the next leader starts strictly after the last tick here, then
     * stops the informers.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopLeading();
        CompletableFuture<?> future = electionFuture;
        if (future != null) {
            future.cancel(true);
        }
        Runtime rt = runtime;
        if (rt != null) {
            rt.queue().close();
            rt.extras().forEach(SharedIndexInformer::close);
            rt.caches().close();
            ScheduledExecutorService executor = rt.ownTimerExecutor();
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        LOG.info("operator stopped");
    }

    private void recount(Runtime rt) {
        Map<String, Integer> perNamespace = new TreeMap<>();
        rt.canaries().list().forEach(r -> perNamespace.merge(r.getMetadata().getNamespace(), 1, Integer::sum));
        metrics.canaryTotals(perNamespace);
    }

    private static CanaryKey key(GenericKubernetesResource r) {
        return new CanaryKey(r.getMetadata().getNamespace(), r.getMetadata().getName());
    }

    private static String describe(WatchScope scope) {
        String namespaces = scope.isClusterWide() ? "all namespaces" : "namespaces " + scope.namespaces();
        return scope.canaryLabels().isEmpty() ? namespaces : namespaces + ", canaries labelled " + scope.canaryLabels();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Hands the events of an extra informer's objects to {@link OwnedObjectEvents}. */
    @SuppressWarnings("unchecked")
    private <T> void watchOwnedObjects(SharedIndexInformer<T> informer, Runtime rt) {
        informer.addEventHandler((ResourceEventHandler<T>) new OwnedObjectEvents(rt));
    }

    /**
     * Events of the objects the extra informers hold (HTTPRoutes, ...): when an object a Canary owns
     * (its {@code ownerReferences} name a Canary of our group) drifts — anything but its status and
     * metadata changed — or is deleted, the owning canary is queued for a tick at once, which
     * repairs its routing objects; a status-only or metadata-only update queues nothing, nor does
     * any event of a canary being deleted (its finalizing keeps its own pace). An owner missing
     * from the cache is queued too: the queue finds it gone and unschedules it. The repair keeps the
     * analysis' cadence: between two analyses it only reconciles the routing objects.
     */
    private final class OwnedObjectEvents implements ResourceEventHandler<HasMetadata> {

        private final Runtime rt;

        OwnedObjectEvents(Runtime rt) {
            this.rt = rt;
        }

        @Override
        public void onAdd(HasMetadata obj) {
            // Creation is the routers' own doing (or the initial list): nothing drifted.
        }

        @Override
        public void onUpdate(HasMetadata old, HasMetadata now) {
            if (drifted(old, now)) {
                repair(now);
            }
        }

        @Override
        public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
            repair(obj);
        }

        private void repair(HasMetadata obj) {
            owner(obj).ifPresent(key -> {
                boolean terminating = rt.canaries().get(key.namespace(), key.name())
                        .map(c -> c.getMetadata().getDeletionTimestamp() != null).orElse(false);
                if (!terminating) {
                    rt.ticker().repairRequested(key);
                    rt.queue().add(key, true);
                }
            });
        }

        private Optional<CanaryKey> owner(HasMetadata obj) {
            List<OwnerReference> references = Optional.ofNullable(obj.getMetadata().getOwnerReferences()).orElse(List.of());
            return references.stream()
                    .filter(r -> "Canary".equals(r.getKind()) && r.getApiVersion() != null
                            && r.getApiVersion().startsWith(config.group.group() + "/"))
                    .findFirst().map(r -> new CanaryKey(obj.getMetadata().getNamespace(), r.getName()));
        }
    }

    /**
     * Whether anything but the status, the metadata and traffic weights differs between two versions
     * of an object. Weights are the analysis' own business: the routers write them at every step, and
     * a hand-edited weight is corrected by the next regular tick, as in Flagger.
     */
    static boolean drifted(HasMetadata old, HasMetadata now) {
        return !withoutStatusMetadataAndWeights(old).equals(withoutStatusMetadataAndWeights(now));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutStatusMetadataAndWeights(HasMetadata obj) {
        Map<String, Object> map = new LinkedHashMap<>(SERIALIZATION.convertValue(obj, Map.class));
        map.remove("status");
        map.remove("metadata");
        return (Map<String, Object>) withoutWeights(map);
    }

    @SuppressWarnings("unchecked")
    private static Object withoutWeights(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> {
                if (!"weight".equals(key)) {
                    copy.put(key, withoutWeights(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(CanaryOperator::withoutWeights).toList();
        }
        return node;
    }

    /** Canary informer events: add and delete queue the key; an update only for a spec change or a deletion. */
    private final class CanaryEvents implements ResourceEventHandler<GenericKubernetesResource> {

        private final Runtime rt;

        CanaryEvents(Runtime rt) {
            this.rt = rt;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            rt.queue().add(key(obj), obj.getMetadata().getDeletionTimestamp() != null);
            recount(rt);
        }

        @Override
        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource now) {
            boolean deleting = now.getMetadata().getDeletionTimestamp() != null && old.getMetadata().getDeletionTimestamp() == null;
            // A real API server bumps generation for spec changes only; the spec comparison keeps
            // metadata-only writes (our finalizer) from ticking on servers that bump it for those too.
            boolean specChanged = !Objects.equals(old.getMetadata().getGeneration(), now.getMetadata().getGeneration())
                    && !Objects.equals(old.getAdditionalProperties().get("spec"), now.getAdditionalProperties().get("spec"));
            // A command (canary promote / abort / retry) is a fresh nonce in an annotation: carried out now, not an interval later.
            boolean commanded = !Objects.equals(commandId(old), commandId(now));
            if (deleting || specChanged || commanded) {
                rt.ticker().fullTickRequested(key(now));
                rt.queue().add(key(now), true);
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            rt.queue().add(key(obj), false);
            recount(rt);
        }

        private static @Nullable String commandId(GenericKubernetesResource canary) {
            Map<String, String> annotations = canary.getMetadata().getAnnotations();
            return annotations == null ? null : annotations.get(CanaryCommand.ID_ANNOTATION);
        }
    }

    /** Configures an operator; every option has a default except the client. */
    public static final class Builder {
        private final KubernetesClient client;
        private CanaryApiGroup group = CanaryApiGroup.FLAGGER;
        private WatchScope scope = WatchScope.CLUSTER;
        private final Map<String, RouterFactory> routers = new LinkedHashMap<>();
        private final Set<String> standaloneRouters = new HashSet<>();
        private final Map<String, TargetControllerFactory> targetKinds = new LinkedHashMap<>();
        private final Map<String, ExtraInformer> extraInformers = new LinkedHashMap<>();
        private String defaultProvider = CanaryEngine.KUBERNETES_PROVIDER;
        private Function<SecretResolver, MetricProviderRegistry> metricProviders = secrets -> MetricProviderRegistry.EMPTY;
        private BuiltinMetrics builtinMetrics = BuiltinMetrics.NONE;
        private @Nullable String metricsServer;
        private @Nullable WebhookClient webhookClient;
        private Notifier defaultNotifier = Notifier.NOOP;
        private @Nullable TargetController targetController;
        private @Nullable EventSink eventSink;
        private Clock clock = Clock.systemUTC();
        private @Nullable ExecutorService executor;
        private @Nullable TickTimer timer;
        private int maxConcurrentTicks = 4;
        private Duration tickDeadline = DEFAULT_TICK_DEADLINE;
        private Duration minimumInterval = Duration.ofSeconds(1);
        private StatusWriteRetry statusWriteRetry = StatusWriteRetry.DEFAULT;
        private TickListener listener = TickListener.NOOP;
        private OperatorMetrics metrics = OperatorMetrics.NOOP;
        private @Nullable LeaderElection leaderElection;
        private double queueRate = 10;
        private int queueBurst = 100;
        private BiConsumer<CanaryKey, Boolean> queueObserver = (key, urgent) -> {
        };

        private Builder(KubernetesClient client) {
            this.client = client;
        }

        /** The API group of the custom resources; Flagger's {@code flagger.app/v1beta1} by default. */
        public Builder group(CanaryApiGroup value) {
            group = Objects.requireNonNull(value, "group");
            return this;
        }

        /** Watch these namespaces only (default: the whole cluster). */
        public Builder namespaces(String... names) {
            scope = new WatchScope(Set.of(names), scope.canaryLabels());
            return this;
        }

        /** Watch every namespace (the default). */
        public Builder clusterWide() {
            scope = new WatchScope(Set.of(), scope.canaryLabels());
            return this;
        }

        /** Tick only Canaries carrying all of these labels: shards canaries between operators. */
        public Builder canaryLabelSelector(Map<String, String> labels) {
            scope = scope.withCanaryLabels(labels);
            return this;
        }

        /**
         * The traffic router for canaries with {@code spec.provider: provider}, built once the caches
         * exist. The operator puts the Kubernetes Service router in front of it. {@code kubernetes}
         * is built in.
         */
        public Builder trafficRouter(String provider, RouterFactory factory) {
            routers.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(factory, "factory"));
            standaloneRouters.remove(provider);
            return this;
        }

        /**
         * A traffic router the operator does <em>not</em> put the Kubernetes Service router in
         * front of: no apex, primary or canary Services are made for its canaries. Flagger does
         * this for targets of kind Service (its KubernetesNoopRouter), e.g. a Knative Service,
         * whose router shifts traffic between revisions inside the target itself.
         */
        public Builder standaloneTrafficRouter(String provider, RouterFactory factory) {
            trafficRouter(provider, factory);
            standaloneRouters.add(provider);
            return this;
        }

        /**
         * One more target kind, added to the default {@link TargetControllers} (or to the
         * {@link TargetControllers} given to {@link #targetController}): {@code kind} is a
         * {@code targetRef.kind}, or kind and API group ({@code "Service.serving.knative.dev"})
         * where the kind alone is ambiguous. The controller is built once the caches exist.
         */
        public Builder targetKind(String kind, TargetControllerFactory factory) {
            targetKinds.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** One more informer (per watched namespace), e.g. HTTPRoutes for the Gateway API router. */
        public Builder extraInformer(String name, ExtraInformer informer) {
            extraInformers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(informer, "informer"));
            return this;
        }

        /** The provider of canaries without {@code spec.provider} (default {@code kubernetes}). */
        public Builder defaultProvider(String value) {
            defaultProvider = Objects.requireNonNull(value, "defaultProvider");
            return this;
        }

        public Builder metricProviders(MetricProviderRegistry value) {
            Objects.requireNonNull(value, "metricProviders");
            metricProviders = secrets -> value;
            return this;
        }

        /**
         * Providers built with the operator's Secret reads (from its informer caches), so that a
         * MetricTemplate's {@code secretRef} resolves without a GET per query.
         */
        public Builder metricProviders(Function<SecretResolver, MetricProviderRegistry> factory) {
            metricProviders = Objects.requireNonNull(factory, "metricProviders");
            return this;
        }

        public Builder builtinMetrics(BuiltinMetrics value) {
            builtinMetrics = Objects.requireNonNull(value, "builtinMetrics");
            return this;
        }

        /** The Prometheus of builtin metrics for canaries without {@code spec.metricsServer}. */
        public Builder metricsServer(String value) {
            metricsServer = Objects.requireNonNull(value, "metricsServer");
            return this;
        }

        /** The webhook client; the JDK one ({@link JdkWebhookClient}) by default. */
        public Builder webhookClient(WebhookClient value) {
            webhookClient = Objects.requireNonNull(value, "webhookClient");
            return this;
        }

        /**
         * Where alerts of canaries without {@code analysis.alerts} go (Flagger's global Slack/Teams
         * notifier), e.g. {@code ChatNotifier.to(ChatDestination.of("slack", url))}. None by default.
         */
        public Builder defaultNotifier(Notifier value) {
            defaultNotifier = Objects.requireNonNull(value, "defaultNotifier");
            return this;
        }

        /**
         * Replaces the default target controllers (Deployment, DaemonSet). To add a kind while
         * keeping them, use {@link #targetKind}.
         */
        public Builder targetController(TargetController value) {
            targetController = Objects.requireNonNull(value, "targetController");
            return this;
        }

        /** Replaces the Kubernetes Event sink. */
        public Builder eventSink(EventSink value) {
            eventSink = Objects.requireNonNull(value, "eventSink");
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Runs ticks on this executor instead of a pool of {@link #maxConcurrentTicks} daemon threads.
         * The operator never shuts it down.
         */
        public Builder executor(ExecutorService value) {
            executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /** When ticks are due; a manual timer makes ticks deterministic in tests. */
        public Builder timer(TickTimer value) {
            timer = Objects.requireNonNull(value, "timer");
            return this;
        }

        public Builder maxConcurrentTicks(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrentTicks must be at least 1, got " + value);
            }
            maxConcurrentTicks = value;
            return this;
        }

        /** How long one tick may run before it is interrupted (default 10s). */
        public Builder tickDeadline(Duration value) {
            tickDeadline = Objects.requireNonNull(value, "tickDeadline");
            return this;
        }

        /** The shortest analysis interval honoured (Flagger's floor is 10s; default 1s). */
        public Builder minimumInterval(Duration value) {
            minimumInterval = Objects.requireNonNull(value, "minimumInterval");
            return this;
        }

        /** How status writes are retried within a tick ({@link StatusWriteRetry#DEFAULT} by default). */
        public Builder statusWriteRetry(StatusWriteRetry value) {
            statusWriteRetry = Objects.requireNonNull(value, "statusWriteRetry");
            return this;
        }

        /** Hears every tick (timelines, demos); must not block. */
        public Builder tickListener(TickListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** Controller metrics, e.g. {@code MicrometerOperatorMetrics.of(registry)}; none by default. */
        public Builder metrics(OperatorMetrics value) {
            metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /** Only the holder of this Lease ticks; without it the operator leads as soon as it starts. */
        public Builder leaderElection(LeaderElection value) {
            leaderElection = Objects.requireNonNull(value, "leaderElection");
            return this;
        }

        /** The work queue's rate limit (default 10 keys a second, bursts of 100). */
        public Builder queueRateLimit(double perSecond, int burst) {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("rate must be positive and burst at least 1");
            }
            queueRate = perSecond;
            queueBurst = burst;
            return this;
        }

        /** Sees every key the work queue hands over, before it is applied (package tests only). */
        Builder queueObserver(BiConsumer<CanaryKey, Boolean> value) {
            queueObserver = Objects.requireNonNull(value, "queueObserver");
            return this;
        }

        public CanaryOperator build() {
            return new CanaryOperator(this);
        }
    }
}
