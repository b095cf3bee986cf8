package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryCrds;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Tick;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One run of {@code canary operator-demo}: starts the in-process API server, applies the
 * workload, MetricTemplate and Canary, runs the real {@link CanaryOperator} on virtual time (a
 * {@link ManualTickTimer} and a {@link MutableClock}, advanced one tick at a time), plays the
 * Deployment controller and the routing provider's between ticks, ships a new image once the canary is
 * Initialized, and ticks until it Succeeded or Failed.
 *
 * <p>Before each tick the demo waits (bounded polling, no fixed sleeps) until the operator's
 * informers hold what the API server holds, so that every tick reads a settled cluster, then
 * forgets the requests received so far; after the tick, the operator's requests are the tick's.
 */
final class OperatorDemoRun {

    /** Hears the run as it goes, for streaming output. */
    interface Listener {
        void onTick(DemoTick tick);

        void onNote(String note);
    }

    /** Metric values do not matter to a metrics server nobody queries: the scripted provider answers. */
    static final String METRICS_SERVER = "http://prometheus.monitoring:9090";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MAX_TICKS = 40;
    /** The request-duration every check sees, in milliseconds. */
    private static final double DURATION_MS = 250;

    private final DemoProvider provider;
    private final DemoScenario scenario;
    private final Listener listener;
    private final DemoManifests manifests;
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<TickResult> results = Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final DemoRouting routing;
    private final List<DemoTick> ticks = new ArrayList<>();
    private final Instant start = clock.instant();

    OperatorDemoRun(DemoProvider provider, DemoScenario scenario, Listener listener) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.manifests = new DemoManifests(provider);
        this.routing = manifests.routing();
    }

    OperatorDemoResult run() throws InterruptedException {
        List<CustomResourceDefinition> crds = new ArrayList<>(CanaryCrds.all(CanaryApiGroup.FLAGGER));
        crds.addAll(routing.crds());
        try (InProcessKubernetes api = InProcessKubernetes.start(crds)) {
            return run(api);
        }
    }

    private OperatorDemoResult run(InProcessKubernetes api) throws InterruptedException {
        KubernetesClient demo = api.demoClient();
        String ns = manifests.namespace();
        PlayedControllers controllers = new PlayedControllers(demo, ns, clock, routing);
        demo.resource(routing.workload(manifests.workload())).create();
        routing.userObjects().forEach(o -> demo.resource(o).create());
        manifests.metricTemplates().forEach(t -> demo.resource(t).create());
        controllers.reconcile();

        try (CanaryOperator operator = operator(api.operatorClient()).build()) {
            operator.start();
            await(operator::isReady, "the operator's informers to sync");
            RequestCounts startup = api.drainOperatorRequests();
            listener.onNote("operator started: " + startup.total() + " API requests (informer LISTs)");

            demo.resource(manifests.canary()).create();
            await(() -> !results.isEmpty(), "the operator's first tick");
            awaitIdle(operator);
            record(api.drainOperatorRequests(), demo);
            for (int i = 0; i < 5 && phase() != CanaryPhase.INITIALIZED; i++) {
                step(operator, api, controllers, demo);
            }
            if (phase() != CanaryPhase.INITIALIZED) {
                throw new IllegalStateException("the canary did not initialize: " + phase() + errorsSuffix());
            }
            listener.onNote("nothing changed: an idle tick");
            step(operator, api, controllers, demo);

            String target = manifests.reference().spec().targetRef().name();
            controllers.ship(target, DemoManifests.NEW_IMAGE);
            listener.onNote("ship " + target + " " + DemoManifests.NEW_IMAGE);
            for (int i = 0; i < MAX_TICKS && !finished(); i++) {
                step(operator, api, controllers, demo);
            }
            Canary last = results.get(results.size() - 1).canary();
            return new OperatorDemoResult(provider, scenario, last, ticks, startup);
        }
    }

    private CanaryOperator.Builder operator(KubernetesClient client) {
        double durationScale = new PrometheusBuiltinMetrics()
                .query(PrometheusBuiltinMetrics.REQUEST_DURATION, provider.id(), "Deployment")
                .orElseThrow().scale();
        // The MetricTemplate's error-rate query reads http_requests_total; the only other query is
        // the builtin request-duration, answered in the unit its observer's query returns.
        ScriptedMetricProvider metrics = new ScriptedMetricProvider("prometheus")
                .on(q -> true, MetricResult.value(DURATION_MS / durationScale))
                .on(q -> q.contains("http_requests_total"), values(scenario.errorRates()));
        CanaryOperator.Builder b = CanaryOperator.builder(client).namespaces(manifests.namespace()).clock(clock).timer(timer)
                .metricProviders(MetricProviderRegistry.of(metrics)).builtinMetrics(new PrometheusBuiltinMetrics())
                .metricsServer(METRICS_SERVER).webhookClient(WebhookClient.APPROVE_ALL).maxConcurrentTicks(1)
                .tickListener(new TickListener() {
                    @Override
                    public void onTick(CanaryKey key, TickResult result) {
                        results.add(result);
                    }

                    @Override
                    public void onError(CanaryKey key, Exception error) {
                        errors.add(key + ": " + error.getMessage());
                    }
                });
        routing.install(b);
        return b;
    }

    private static MetricResult[] values(double[] values) {
        MetricResult[] results = new MetricResult[values.length];
        for (int i = 0; i < values.length; i++) {
            results[i] = MetricResult.value(values[i]);
        }
        return results;
    }

    /**
     * Plays the controllers, waits until the operator's informers have caught up, forgets what the
     * API server received so far, advances virtual time to the next tick and records it.
     */
    private void step(CanaryOperator operator, InProcessKubernetes api, PlayedControllers controllers, KubernetesClient demo)
            throws InterruptedException {
        controllers.reconcile();
        await(() -> cachesInSync(operator, demo), "the operator's informers to catch up with the API server");
        api.drainOperatorRequests();
        int before = results.size();
        Duration next = results.get(before - 1).rescheduleAfter();
        clock.add(next);
        timer.advance(next);
        awaitIdle(operator);
        RequestCounts requests = api.drainOperatorRequests();
        if (results.size() == before) {
            throw new IllegalStateException("no tick ran when " + next + " elapsed" + errorsSuffix());
        }
        record(requests, demo);
    }

    private static void awaitIdle(CanaryOperator operator) throws InterruptedException {
        if (!operator.awaitIdle(WAIT)) {
            throw new IllegalStateException("the tick did not finish within " + WAIT);
        }
    }

    private void record(RequestCounts requests, KubernetesClient demo) {
        TickResult result = results.get(results.size() - 1);
        Canary canary = result.canary();
        CanaryStatus status = canary.status();
        RoutingView routed = routing.view(demo, canary);
        Routes split = routed.split();
        Tick tick = new Tick(ticks.size(), Duration.between(start, clock.instant()),
                Optional.ofNullable(status.phase()).orElse(CanaryPhase.INITIALIZING), split.canaryWeight(), split.primaryWeight(),
                split.mirrored(), status.failedChecks(), status.iterations(), result.checks(), result.webhooks(), result.events());
        DemoTick demoTick = new DemoTick(tick, requests, routed);
        ticks.add(demoTick);
        listener.onTick(demoTick);
    }

    /** Whether the operator's informers hold the API server's current version of every object a tick reads. */
    private boolean cachesInSync(CanaryOperator operator, KubernetesClient demo) {
        KubernetesCaches caches = operator.caches().orElseThrow();
        String ns = manifests.namespace();
        return inSync(demo.apps().deployments().inNamespace(ns).list().getItems(), caches.deployments())
                && inSync(demo.services().inNamespace(ns).list().getItems(), caches.services())
                && inSync(demo.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(ns).list().getItems(),
                        caches.canaries())
                && routing.inSync(demo, ns);
    }

    private static <T extends HasMetadata> boolean inSync(List<? extends T> server, ObjectCache<T> cache) {
        return server.stream().allMatch(o -> InformerSync.sameVersion(cache.get(o.getMetadata().getNamespace(),
                o.getMetadata().getName()), o));
    }

    /** Polls {@code condition} until it holds, for at most {@link #WAIT}: the informers' watch events arrive on their own threads. */
    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + WAIT.toSeconds() + "s for " + what + errorsSuffix());
            }
            Thread.sleep(2);
        }
    }

    private CanaryPhase phase() {
        CanaryPhase phase = results.get(results.size() - 1).status().phase();
        return phase == null ? CanaryPhase.INITIALIZING : phase;
    }

    private boolean finished() {
        return phase() == CanaryPhase.SUCCEEDED || phase() == CanaryPhase.FAILED;
    }

    private String errorsSuffix() {
        synchronized (errors) {
            return errors.isEmpty() ? "" : " (operator errors: " + String.join("; ", errors) + ")";
        }
    }
}
