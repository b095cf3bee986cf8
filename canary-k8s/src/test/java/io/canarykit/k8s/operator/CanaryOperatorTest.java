package io.canarykit.k8s.operator;

import static io.canarykit.k8s.operator.OperatorDriver.PODINFO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real operator on the CRUD mock, ticking on virtual time, with scripted metrics. */
class CanaryOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.1";
    private static final String ITERATIONS = "    iterations: 3";
    private static final String STEPS = "    stepWeight: 10\n    maxWeight: 30";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<OperatorDriver> drivers = new ArrayList<>();

    @AfterEach
    void closeOperators() {
        drivers.forEach(OperatorDriver::close);
    }

    private OperatorDriver driver(ScriptedMetricProvider metrics) {
        return driver(metrics, b -> {
        });
    }

    private OperatorDriver driver(ScriptedMetricProvider metrics, Consumer<CanaryOperator.Builder> options) {
        OperatorDriver driver = new OperatorDriver(K8S, clock, metrics, options);
        drivers.add(driver);
        return driver;
    }

    private static ScriptedMetricProvider errorRate(double... values) {
        return new ScriptedMetricProvider("prometheus").values(OperatorFixtures.ERROR_RATE, values);
    }

    private KubernetesClient client() {
        return K8S.client();
    }

    /** Applies the canary and runs the operator until the canary is Initialized. */
    private OperatorDriver initialized(OperatorDriver driver, Canary canary) throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        OperatorFixtures.create(client(), canary);
        driver.start();
        assertThat(driver.tickUntil(CanaryPhase.INITIALIZED, 3).phase()).isEqualTo(CanaryPhase.INITIALIZED);
        return driver;
    }

    @Test
    void imageBumpRunsToSucceeded() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        OperatorFixtures.setImage(client(), NEW_IMAGE);

        CanaryStatus end = driver.tickUntil(CanaryPhase.SUCCEEDED, 12);

        assertThat(end.phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(phases(driver)).containsSubsequence(CanaryPhase.INITIALIZED, CanaryPhase.PROGRESSING, CanaryPhase.PROMOTING,
                CanaryPhase.FINALISING, CanaryPhase.SUCCEEDED);
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo-primary").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(NEW_IMAGE);
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.SUCCEEDED);
    }

    @Test
    void failingMetricsRunToFailed() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5, 20)), OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        OperatorFixtures.setImage(client(), NEW_IMAGE);

        CanaryStatus end = driver.tickUntil(CanaryPhase.FAILED, 12);

        assertThat(end.phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(phases(driver)).doesNotContain(CanaryPhase.PROMOTING);
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo-primary").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.0");
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo").get().getSpec().getReplicas()).isZero();
    }

    @Test
    void restartMidAnalysisResumesWithoutRepeatingOrSkippingAStep() throws InterruptedException {
        OperatorDriver baseline = initialized(driver(errorRate(0.5, 0.6, 0.7), CanaryOperatorTest::withRecordingRouter),
                OperatorFixtures.canary("recording", STEPS, false));
        OperatorFixtures.setImage(client(), NEW_IMAGE);
        assertThat(baseline.tickUntil(CanaryPhase.SUCCEEDED, 15).phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        List<String> expected = steps(baseline.ticks);
        assertThat(expected).as("the baseline ran the steps").contains("Progressing w=10", "Progressing w=20", "Progressing w=30");
        baseline.close();
        drivers.clear();

        for (int stopAfter = 1; stopAfter <= 5; stopAfter++) {
            K8S.server().reset();
            K8S.crds().forEach(crd -> {
                K8S.server().expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
                client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
            });
            // One script and one router for both operators: they stand for the world outside the
            // operator (Prometheus, the mesh), which a restart does not reset.
            ScriptedMetricProvider metrics = errorRate(0.5, 0.6, 0.7);
            RecordingTrafficRouter router = new RecordingTrafficRouter();
            Consumer<CanaryOperator.Builder> mesh = b -> b.trafficRouter("recording", context -> router);
            OperatorDriver first = initialized(new OperatorDriver(K8S, clock, metrics, mesh),
                    OperatorFixtures.canary("recording", STEPS, false));
            OperatorFixtures.setImage(client(), NEW_IMAGE);
            for (int i = 0; i < stopAfter; i++) {
                first.tick();
            }
            first.close();
            OperatorDriver second = new OperatorDriver(K8S, clock, metrics, mesh).start();
            second.tickUntil(CanaryPhase.SUCCEEDED, 15);
            second.close();
            List<TickResult> all = new ArrayList<>(first.ticks);
            all.addAll(second.ticks);

            assertThat(steps(all)).as("restart after %d ticks of the run", stopAfter).isEqualTo(expected);
        }
    }

    /**
     * A plugin's target kind and standalone router (Flagger's KubernetesNoopRouter, as for a
     * Knative Service): the added controller handles the target, no Service is made.
     */
    @Test
    void addedTargetKindHandlesItsTargetsAndAStandaloneRouterGetsNoServices() throws InterruptedException {
        FakeTargetController plugin = new FakeTargetController();
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        OperatorDriver driver = initialized(driver(errorRate(0.5), b -> b.standaloneTrafficRouter("recording", context -> router)
                .targetKind("Deployment.apps", (context, clock) -> plugin)), OperatorFixtures.canary("recording", STEPS, false));

        assertThat(plugin.initializations()).as("the added kind's controller initialized the target").isPositive();
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo-primary").get())
                .as("the default Deployment controller was not used").isNull();
        assertThat(client().services().inNamespace("default").list().getItems()).as("no apex, primary or canary Service").isEmpty();
        assertThat(driver.errors).isEmpty();
    }

    @Test
    void aWrappedRouterStillGetsTheServices() throws InterruptedException {
        initialized(driver(errorRate(0.5), CanaryOperatorTest::withRecordingRouter), OperatorFixtures.canary("recording", STEPS, false));

        assertThat(client().services().inNamespace("default").list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("podinfo", "podinfo-primary", "podinfo-canary");
    }

    @Test
    void targetKindCannotExtendAReplacedControllerThatDoesNotDispatch() {
        CanaryOperator.Builder builder = CanaryOperator.builder(client()).targetController(new FakeTargetController())
                .targetKind("Service.serving.knative.dev", (context, clock) -> new FakeTargetController());

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetKind(Service.serving.knative.dev)");
    }

    static void withRecordingRouter(CanaryOperator.Builder b) {
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        b.trafficRouter("recording", context -> router);
    }

    @Test
    void idleTickIssuesNoRequestAndWeightStepNoGetAndAtMostTwoWrites() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5), CanaryOperatorTest::withRecordingRouter),
                OperatorFixtures.canary("recording", STEPS, false));

        RequestCounts idle = driver.tick();
        assertThat(driver.last().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(idle.total()).as("idle tick: %s", idle).isZero();

        OperatorFixtures.setImage(client(), NEW_IMAGE);
        driver.tickUntil(CanaryPhase.PROGRESSING, 2);
        RequestCounts step = null;
        for (int i = 0; i < 4 && (step == null || driver.last().canaryWeight() < 20); i++) {
            step = driver.tick();
        }
        assertThat(driver.last().canaryWeight()).isEqualTo(20);
        assertThat(step.count("GET")).as("weight step: %s", step).isZero();
        assertThat(step.writes()).as("weight step: %s", step).isLessThanOrEqualTo(2);
        assertThat(step.byPath()).as("the status write and the 'Advance ... canary weight 20' Event").isEqualTo(Map.of(
                "PUT /apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status", 1,
                "POST /api/v1/namespaces/default/events", 1));
    }

    /**
     * A status-only update must not queue the canary. The sentinel (another canary, created after
     * the update) passes the same informer and the same FIFO queue: once the queue has handed it
     * over, it has handed over the podinfo key before it, had the update queued it; a spec change
     * after that could otherwise merge with a wrongly queued key and hide it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void specChangeTicksAtOnceStatusOnlyUpdateDoesNotAndDeletionStops() throws InterruptedException {
        List<String> handedOver = new CopyOnWriteArrayList<>();
        OperatorDriver driver = initialized(driver(errorRate(0.5), b -> b.queueObserver((key, urgent) -> handedOver.add(key.name()))),
                OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        driver.awaitCachesInSync();
        driver.operator.awaitIdle(Duration.ofSeconds(5));
        int before = podinfoTicks(driver).size();
        handedOver.clear();

        GenericKubernetesResource statusOnly = canaryResource().get();
        ((Map<String, Object>) statusOnly.getAdditionalProperties().get("status")).put("failedChecks", 0);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(statusOnly).updateStatus();
        OperatorFixtures.create(client(), OperatorFixtures.canary("sentinel", "kubernetes", ITERATIONS, false));
        await().until(() -> handedOver.contains("sentinel"));
        assertThat(handedOver).as("the status-only update queued nothing").containsExactly("sentinel");
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(podinfoTicks(driver)).as("no tick for the status-only update").hasSize(before);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("default").withName("sentinel").delete();
        await().until(() -> driver.operator.scheduled().equals(Set.of(PODINFO)));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();

        GenericKubernetesResource specChange = canaryResource().get();
        ((Map<String, Object>) specChange.getAdditionalProperties().get("spec")).put("suspend", true);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(specChange).update();

        await().until(() -> podinfoTicks(driver).size() > before);
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(podinfoTicks(driver)).as("one tick, for the spec change").hasSize(before + 1);
        assertThat(podinfoTicks(driver).get(before).events()).extracting(e -> e.message())
                .containsExactly("skipping canary run as object is suspended");

        canaryResource().delete();
        await().until(() -> !driver.operator.scheduled().contains(PODINFO));
        driver.timer.advance(Duration.ofMinutes(1));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(podinfoTicks(driver)).as("a deleted canary no longer ticks").hasSize(before + 1);
    }

    @Test
    void aCommandAnnotationTicksAtOnceAndIsCarriedOutOnce() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        OperatorFixtures.setImage(client(), NEW_IMAGE);
        assertThat(driver.tickUntil(CanaryPhase.PROGRESSING, 4).phase()).isEqualTo(CanaryPhase.PROGRESSING);
        driver.awaitCachesInSync();
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        int before = podinfoTicks(driver).size();

        // What canary abort writes: one merge patch of two annotations, no resourceVersion.
        canaryResource().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
                + CanaryCommand.ANNOTATION + "\":\"abort\",\"" + CanaryCommand.ID_ANNOTATION + "\":\"nonce-1\"}}}");

        await().until(() -> podinfoTicks(driver).size() > before);
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(podinfoTicks(driver)).as("one tick, without waiting for the interval").hasSize(before + 1);
        await().until(() -> stored().status().phase() == CanaryPhase.FAILED);
        assertThat(stored().status().lastCommandId()).isEqualTo("nonce-1");
        assertThat(podinfoTicks(driver).get(before).events()).extracting(e -> e.message())
                .contains("Rolling back podinfo.default aborted by canary abort (nonce-1)");
        assertThat(client().v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getMessage())
                .contains("Rolling back podinfo.default aborted by canary abort (nonce-1)");
    }

    /**
     * The AlertProvider CRD not installed yet: its informer's first list fails, so start() fails;
     * the informers started before it are stopped (no watch stays open) and start() can be
     * called again once the CRD exists. The operator gets a client of its own, whose OkHttp
     * threads the test owns: only this operator's watches are counted, never a watch of another
     * test (or of the harness' client) that is still closing.
     */
    @Test
    void informerThatCannotStartLeavesNoWatchOpenAndStartCanBeRetried() throws InterruptedException {
        OperatorFixtures.createWorkload(client());
        OperatorFixtures.create(client(), OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        try (OwnThreadsClient own = OwnThreadsClient.of(client())) {
            OperatorDriver driver = new OperatorDriver(K8S, own.client(), clock, errorRate(0.5), b -> {
            });
            drivers.add(driver);
            K8S.server().expect().get().withPath("/apis/flagger.app/v1beta1/namespaces/default/alertproviders?resourceVersion=0")
                    .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}").once();

            assertThatThrownBy(driver.operator::start).isInstanceOf(KubernetesClientException.class);

            assertThat(driver.operator.caches()).isEmpty();
            assertThat(driver.operator.isAlive()).isFalse();
            assertThat(own.watchesOpened()).as("the informers listed before the failing one had watches open").isPositive();
            await().atMost(WATCH_CLOSE_TIMEOUT).untilAsserted(() -> assertThat(own.openWatches())
                    .as("watches of the failed start still open on the operator's client").isEmpty());

            driver.start();
            assertThat(driver.operator.isAlive()).isTrue();
            assertThat(own.openWatches()).as("one watch per informer of the retried start")
                    .hasSize(driver.operator.caches().orElseThrow().informers().size());
            assertThat(driver.tickUntil(CanaryPhase.INITIALIZED, 3).phase()).isEqualTo(CanaryPhase.INITIALIZED);
            driver.close();
            await().atMost(WATCH_CLOSE_TIMEOUT).untilAsserted(() -> assertThat(own.openWatches())
                    .as("watches still open after close()").isEmpty());
        }
    }

    /**
     * A closed watch ends once the server answers OkHttp's close frame, and at the latest when OkHttp
     * gives up waiting for that answer and cancels the web socket, 60 s after the close
     * ({@code RealWebSocket.CANCEL_AFTER_CLOSE_MILLIS}). The mock server sometimes leaves a close
     * unanswered when it arrives while the watch is still being set up (a CI run waited more than
     * 30 s); a watch that was never closed stays open past any bound.
     */
    private static final Duration WATCH_CLOSE_TIMEOUT = Duration.ofSeconds(70);

    /**
     * A client of the mock server (the harness' configuration) whose OkHttp dispatcher runs on
     * threads this test owns. OkHttp reads each open web socket (a watch) in {@code loopReader}
     * on a dispatcher thread, so the threads in it are exactly the client's open watches.
     */
    private record OwnThreadsClient(KubernetesClient client, Set<Thread> threads, AtomicInteger opened) implements AutoCloseable {

        static OwnThreadsClient of(KubernetesClient base) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            AtomicInteger opened = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "operator-test-okhttp");
                t.setDaemon(true);
                threads.add(t);
                return t;
            };
            OkHttpClientFactory http = new OkHttpClientFactory() {
                @Override
                protected Dispatcher initDispatcher() {
                    Dispatcher defaults = super.initDispatcher();
                    Dispatcher own = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                            new SynchronousQueue<>(), factory));
                    own.setMaxRequests(defaults.getMaxRequests());
                    own.setMaxRequestsPerHost(defaults.getMaxRequestsPerHost());
                    return own;
                }

                @Override
                protected void additionalConfig(OkHttpClient.Builder builder) {
                    builder.addInterceptor(chain -> {
                        if (chain.request().url().queryParameter("watch") != null) {
                            opened.incrementAndGet();
                        }
                        return chain.proceed(chain.request());
                    });
                }
            };
            KubernetesClient client = new KubernetesClientBuilder().withConfig(base.getConfiguration()).withHttpClientFactory(http)
                    .build();
            return new OwnThreadsClient(client, threads, opened);
        }

        /** The names of this client's threads reading a web socket right now. */
        List<String> openWatches() {
            return threads.stream().filter(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("loopReader")
                    && f.getClassName().startsWith("okhttp3.internal.ws."))).map(Thread::getName).toList();
        }

        int watchesOpened() {
            return opened.get();
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Deletion with the target still rolling out: checks at +3s and +6s (backoff), then the finalizer goes. */
    @Test
    void finalizingWaitsForTheTargetWithBackoffWithoutBlocking() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, true));
        assertThat(canaryResource().get().getMetadata().getFinalizers()).containsExactly(CanaryOperator.FINALIZER);
        assertThat(deployment("podinfo").getSpec().getReplicas()).isZero();
        driver.awaitCachesInSync();

        canaryResource().delete();
        await().until(() -> driver.last().isIn(CanaryPhase.TERMINATING));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(deployment("podinfo").getSpec().getReplicas()).as("target scaled back to the primary's replicas").isEqualTo(1);
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.TERMINATING);
        assertThat(stored().status().iterations()).as("no readiness check yet").isZero();

        advance(driver, Duration.ofSeconds(3));
        assertThat(stored().status().iterations()).as("first check at +3s: the target is rolling out").isEqualTo(1);
        assertThat(canaryResource().get().getMetadata().getFinalizers()).containsExactly(CanaryOperator.FINALIZER);

        OperatorFixtures.markReady(client(), "podinfo");
        int ticks = driver.ticks.size();
        advance(driver, Duration.ofSeconds(5));
        assertThat(driver.ticks).as("the second check waits 6s").hasSize(ticks);
        advance(driver, Duration.ofSeconds(1));

        await().until(() -> canaryResource().get() == null);
        assertThat(driver.last().phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(client().services().inNamespace("default").withName("podinfo").get().getSpec().getSelector())
                .as("apex Service selects the target again").containsEntry("app", "podinfo");
        assertThat(eventMessages()).contains("Terminating canary podinfo.default", "Terminated canary podinfo.default")
                .noneMatch(m -> m.startsWith(OperatorTicker.NOT_READY_DURING_FINALIZING));
        await().until(() -> driver.operator.scheduled().isEmpty());
    }

    /**
     * The finalizer PUT fails (500) after Terminated was written: the next tick only reverts the
     * router again and removes the finalizer; it neither reverts the target nor announces
     * Terminating a second time.
     */
    @Test
    void failedFinalizerRemovalIsRetriedWithoutStartingFinalizingOver() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, true));
        driver.awaitCachesInSync();
        canaryResource().delete();
        await().until(() -> driver.last().isIn(CanaryPhase.TERMINATING));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        OperatorFixtures.markReady(client(), "podinfo");
        K8S.server().expect().put().withPath("/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo")
                .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"reason\":\"InternalError\"}").once();

        advance(driver, Duration.ofSeconds(3));
        assertThat(driver.errors).as("the finalizer PUT failed").hasSize(1);
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(canaryResource().get().getMetadata().getFinalizers()).containsExactly(CanaryOperator.FINALIZER);
        int ticks = driver.ticks.size();
        K8S.requests().clear();

        advance(driver, Duration.ofSeconds(10));

        await().until(() -> canaryResource().get() == null);
        assertThat(driver.ticks).hasSize(ticks + 1);
        assertThat(driver.last().phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(K8S.requests().drain().requests()).filteredOn(ApiRequest::isWrite)
                .as("no status write and no target revert: the finalizer PUT and the Terminated event only")
                .extracting(ApiRequest::toString)
                .containsExactly("PUT /apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo",
                        "POST /api/v1/namespaces/default/events");
        assertThat(eventMessages()).containsOnlyOnce("Terminating canary podinfo.default")
                .containsOnlyOnce("Terminated canary podinfo.default");
    }

    /**
     * A target that never becomes ready: 4 checks (+3s; the second at once on a restart; then +12s
     * and +24s, both capped at the 10s interval), then Flagger's "not ready" message and the
     * finalizer goes.
     */
    @Test
    @SuppressWarnings("unchecked")
    void finalizingResumesAfterARestartAndGivesUpAfterFourChecks() throws InterruptedException {
        ScriptedMetricProvider metrics = errorRate(0.5);
        OperatorDriver first = initialized(driver(metrics), OperatorFixtures.canary("kubernetes", ITERATIONS, true));
        first.awaitCachesInSync();
        canaryResource().delete();
        await().until(() -> first.last().isIn(CanaryPhase.TERMINATING));
        first.operator.awaitIdle(Duration.ofSeconds(5));
        advance(first, Duration.ofSeconds(3));
        assertThat(stored().status().iterations()).isEqualTo(1);
        first.close();

        OperatorDriver second = driver(metrics).start();
        assertThat(stored().status().iterations()).as("the restarted operator resumed with the second check").isEqualTo(2);
        assertThat(stored().status().phase()).isEqualTo(CanaryPhase.TERMINATING);
        // A spec change while the finalizer waits ticks at once, but that tick is not a readiness check.
        int beforeChange = second.ticks.size();
        GenericKubernetesResource specChange = canaryResource().get();
        ((Map<String, Object>) specChange.getAdditionalProperties().get("spec")).put("skipAnalysis", true);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(specChange).update();
        await().until(() -> second.ticks.size() > beforeChange);
        assertThat(second.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(stored().status().iterations()).as("the backoff holds").isEqualTo(2);
        int ticks = second.ticks.size();
        advance(second, Duration.ofSeconds(9));
        assertThat(second.ticks).as("the third check waits 12s capped at the 10s interval").hasSize(ticks);
        advance(second, Duration.ofSeconds(1));
        assertThat(stored().status().iterations()).isEqualTo(3);
        advance(second, Duration.ofSeconds(10));

        await().until(() -> canaryResource().get() == null);
        assertThat(second.last().phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(second.ticks.get(second.ticks.size() - 1).events()).extracting(e -> e.message()).hasSize(2)
                .first().asString().startsWith(OperatorTicker.NOT_READY_DURING_FINALIZING + ": ");
        assertThat(eventMessages()).containsOnlyOnce("Terminating canary podinfo.default")
                .anyMatch(m -> m.startsWith(OperatorTicker.NOT_READY_DURING_FINALIZING))
                .contains("Terminated canary podinfo.default");
    }

    /**
     * A change to an HTTPRoute the canary owns repairs the routes at once (one reconcile, through the
     * rate-limited queue) and keeps the analysis' cadence; a status-only change queues nothing.
     */
    @Test
    @SuppressWarnings("unchecked")
    void ownedRouteDriftRepairsAtOnceAndStatusOnlyChangesQueueNothing() throws InterruptedException {
        K8S.server().expectCustomResource(HTTP_ROUTES);
        List<String> handedOver = new CopyOnWriteArrayList<>();
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        OperatorDriver driver = initialized(driver(errorRate(0.5, 0.6, 0.7), b -> b.trafficRouter("recording", context -> router)
                .extraInformer("routes", (c, namespace) -> c.genericKubernetesResources(HTTP_ROUTES).inNamespace(namespace).inform())
                .queueObserver((key, urgent) -> handedOver.add(key.name() + (urgent ? "!" : "")))),
                OperatorFixtures.canary("recording", STEPS, false));
        createRoute("podinfo", stored().metadata().uid());
        createRoute("sentinel", "0000");
        OperatorFixtures.setImage(client(), NEW_IMAGE);
        driver.tickUntil(CanaryPhase.PROGRESSING, 3);
        for (int i = 0; i < 3 && driver.last().canaryWeight() < 10; i++) {
            driver.tick();
        }
        assertThat(driver.last().canaryWeight()).isEqualTo(10);
        driver.awaitCachesInSync();
        await().until(() -> driver.operator.isReady());
        handedOver.clear();

        GenericKubernetesResource statusOnly = route("podinfo").get();
        statusOnly.getAdditionalProperties().put("status", Map.of("parents", List.of()));
        routes().resource(statusOnly).update();
        GenericKubernetesResource sentinel = route("sentinel").get();
        ((Map<String, Object>) sentinel.getAdditionalProperties().get("spec")).put("hostnames", List.of("changed.example"));
        routes().resource(sentinel).update();
        await().until(() -> handedOver.contains("sentinel!"));
        assertThat(handedOver).as("the status-only change queued nothing; the sentinel's drift did").containsExactly("sentinel!");

        clock.add(Duration.ofSeconds(4));
        driver.timer.advance(Duration.ofSeconds(4));
        int reconciles = router.reconciles();
        int ticks = driver.ticks.size();
        GenericKubernetesResource drifted = route("podinfo").get();
        ((Map<String, Object>) drifted.getAdditionalProperties().get("spec")).put("hostnames", List.of("changed.example"));
        routes().resource(drifted).update();
        await().until(() -> handedOver.contains("podinfo!"));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driver.ticks).as("one repair tick").hasSize(ticks + 1);
        assertThat(router.reconciles()).as("the repair reconciled the route").isEqualTo(reconciles + 1);
        assertThat(driver.last().canaryWeight()).as("the repair did not advance the analysis").isEqualTo(10);
        assertThat(router.canaryWeights()).last().isEqualTo(10);

        clock.add(Duration.ofSeconds(6));
        driver.timer.advance(Duration.ofSeconds(6));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driver.last().canaryWeight()).as("the next analysis came on its schedule, 10s after the last").isEqualTo(20);
    }

    private static final CustomResourceDefinitionContext HTTP_ROUTES = new CustomResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
            .withScope("Namespaced").build();

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> routes() {
        return client().genericKubernetesResources(HTTP_ROUTES).inNamespace("default");
    }

    private Resource<GenericKubernetesResource> route(String name) {
        return routes().withName(name);
    }

    private void createRoute(String canary, String uid) {
        GenericKubernetesResource route = new GenericKubernetesResourceBuilder().withApiVersion("gateway.networking.k8s.io/v1")
                .withKind("HTTPRoute").withNewMetadata().withName(canary).withNamespace("default")
                .addNewOwnerReference().withApiVersion("flagger.app/v1beta1").withKind("Canary").withName(canary).withUid(uid)
                .withController(true).endOwnerReference().endMetadata()
                .addToAdditionalProperties("spec", new LinkedHashMap<>(Map.of("hostnames", List.of("podinfo.example")))).build();
        routes().resource(route).create();
    }

    /** Moves virtual time (clock and timer) with the caches in sync, and waits for the ticks that fell due. */
    private static void advance(OperatorDriver driver, Duration duration) throws InterruptedException {
        driver.awaitCachesInSync();
        driver.clock.add(duration);
        driver.timer.advance(duration);
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }

    private Deployment deployment(String name) {
        return client().apps().deployments().inNamespace("default").withName(name).get();
    }

    private List<String> eventMessages() {
        return client().v1().events().inNamespace("default").list().getItems().stream().map(e -> e.getMessage()).toList();
    }

    private static List<TickResult> podinfoTicks(OperatorDriver driver) {
        synchronized (driver.ticks) {
            return driver.ticks.stream().filter(t -> t.canary().name().equals("podinfo")).toList();
        }
    }

    private Resource<GenericKubernetesResource> canaryResource() {
        return client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("default").withName("podinfo");
    }

    private Canary stored() {
        return CanaryResources.toCanary(canaryResource().get());
    }

    private static List<CanaryPhase> phases(OperatorDriver driver) {
        return driver.ticks.stream().map(t -> t.status().phase()).toList();
    }

    /** Each distinct state the canary passed through: phase, weight, iterations, failed checks. */
    private static List<String> steps(List<TickResult> ticks) {
        List<String> steps = new ArrayList<>();
        for (TickResult t : ticks) {
            CanaryStatus s = t.status();
            String step = s.phase().wireName() + " w=" + s.canaryWeight() + (s.iterations() > 0 ? " i=" + s.iterations() : "")
                    + (s.failedChecks() > 0 ? " f=" + s.failedChecks() : "");
            if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step)) {
                steps.add(step);
            }
        }
        return steps;
    }
}
