package io.canarykit.knative;

import static io.canarykit.knative.KnativeFixtures.NS;
import static io.canarykit.knative.KnativeFixtures.annotations;
import static io.canarykit.knative.KnativeFixtures.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.canarykit.testkit.RecordingTickListener;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KnativeOperator} on the CRUD mock: a real {@link CanaryOperator} runs Flagger's Knative
 * Canaries against Flagger's podinfo Knative Service on virtual time, as Flagger's e2e test
 * {@code test/knative/test-canary.sh} does on a cluster. Between ticks the test plays Knative
 * Serving ({@link FakeKnativeServing}) and waits until the operator's informers hold what the API
 * server holds.
 */
@ExtendWith(EngineAdmitsKnative.class)
class KnativeOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    private static final String KNATIVE = "/apis/serving.knative.dev/";
    private static final String SERVICE_PATH = KNATIVE + "v1/namespaces/test/services/podinfo";
    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SUCCESS_RATE = "knative_success_rate";
    private static final String DURATION = "knative_p99_seconds";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<TickResult> ticks = Collections.synchronizedList(new ArrayList<>());
    private final List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<OperatorContext> context = new AtomicReference<>();
    /** Every request sent to the API server during the test, by the operator and the test alike. */
    private final List<ApiRequest> sent = new ArrayList<>();
    private KubernetesClient client;
    private FakeKnativeServing serving;
    private CanaryOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theTutorialCanaryInitializesStepsByOnePatchAndPromotesTheNewRevision() throws InterruptedException {
        start("tutorial-canary.yaml", new double[] {99.5});
        tickUntil(CanaryPhase.INITIALIZED, 4);
        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.INITIALIZED);
        // test-canary.sh: "grep 'flagger.app/primary-revision: podinfo-00001'"
        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));
        // The mock stores Knative and core Services alike (it ignores the API group): look at the requests instead.
        sent.addAll(K8S.requests().drain().requests());
        assertThat(sent).as("the initialization's one write").contains(new ApiRequest("PATCH", SERVICE_PATH))
                .as("no Kubernetes Service made or read: Knative routes")
                .noneMatch(r -> r.resourcePath().startsWith("/api/v1/namespaces/test/services/")
                        || (r.isWrite() && r.resourcePath().equals("/api/v1/namespaces/test/services")));

        RequestCounts idle = tick();
        assertThat(idle.total()).as("the idle tick read everything from the informers and wrote nothing: %s", idle).isZero();

        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        List<Integer> weights = new ArrayList<>();
        List<RequestCounts> steps = new ArrayList<>();
        for (int i = 0; i < 20 && phase() != CanaryPhase.SUCCEEDED; i++) {
            int before = weight();
            RequestCounts counts = tick();
            if (phase() == CanaryPhase.PROGRESSING && weight() > before) {
                weights.add(weight());
                steps.add(counts);
            }
        }

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(weights).containsExactly(10, 20, 30, 40, 50);
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.count("GET")).as("no GET in a weight step: %s", step).isZero();
            assertThat(step.filter(r -> r.path().startsWith(KNATIVE)).byPath()).as("one PATCH of the Knative Service")
                    .containsExactly(Map.entry("PATCH " + SERVICE_PATH, 1));
        });
        // test-canary.sh: "grep 'flagger.app/primary-revision: podinfo-00002'"
        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00002");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00002", "latestRevision", false, "percent", 100));
        assertThat(messages()).contains("New revision detected! Scaling up podinfo.test", "Advance podinfo.test canary weight 50",
                "Copying podinfo.test template spec to podinfo-primary.test", "Routing all traffic to primary",
                "Promotion completed! Scaling down podinfo.test");
        assertThat(errors).isEmpty();
    }

    @Test
    void theRollbackCanaryFailsItsChecksAndSendsAllTrafficBackToThePrimaryRevision() throws InterruptedException {
        start("e2e-rollback-canary.yaml", new double[] {99.5, 40});
        tickUntil(CanaryPhase.INITIALIZED, 4);
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.2");

        tickUntil(CanaryPhase.FAILED, 30);

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.FAILED);
        assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("Halt podinfo.test advancement success rate 40.00% < 99"));
        assertThat(messages()).contains("Rolling back podinfo.test failed checks threshold reached 15",
                "Canary failed! Scaling down podinfo.test");
        assertThat(annotations(client)).as("the primary did not change").containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));

        RequestCounts failedIdle = tick();
        assertThat(phase()).as("a failed canary waits for a new revision").isEqualTo(CanaryPhase.FAILED);
        assertThat(failedIdle.filter(r -> r.path().startsWith(KNATIVE)).total()).isZero();
    }

    @Test
    void aCanaryRevisionThatNeverBecomesReadyIsRolledBackAfterTheProgressDeadline() throws InterruptedException {
        start("tutorial-canary.yaml", new double[] {99.5});
        tickUntil(CanaryPhase.INITIALIZED, 4);
        serving.newRevisionsReady(false);
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");

        tickUntil(CanaryPhase.FAILED, 10);

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.FAILED);
        assertThat(messages()).anySatisfy(m -> assertThat(m).startsWith("Knative Revision podinfo-00002.test has not been ready for "
                + "longer than the progress deadline (60s)"));
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));
    }

    private void start(String manifest, double[] successRates) throws InterruptedException {
        client = K8S.client();
        serving = new FakeKnativeServing(client, clock);
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(KnativeFixtures.service()).create();
        serving.reconcile(NS, "podinfo");
        Canary canary = KnativeFixtures.flaggerCanary(manifest);
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        ScriptedMetricProvider prometheus = new ScriptedMetricProvider("prometheus")
                .on(q -> q.startsWith(SUCCESS_RATE), rates(successRates))
                .on(q -> q.startsWith(DURATION), MetricResult.value(0.12));
        CanaryOperator.Builder builder = CanaryOperator.builder(client).namespaces(NS).clock(clock).timer(timer)
                .webhookClient(WebhookClient.APPROVE_ALL).maxConcurrentTicks(1)
                .metricProviders(MetricProviderRegistry.of(prometheus)).builtinMetrics(builtins())
                .tickListener(RecordingTickListener.into(ticks, errors));
        // A router nobody uses, only to see the operator's context: the informers install registered.
        builder.trafficRouter("context-probe", c -> {
            context.set(c);
            return io.canarykit.api.spi.TrafficRouter.NOOP;
        });
        operator = KnativeOperator.install(builder).build();
        operator.start();
        await().until(operator::isReady);
        await().until(() -> !ticks.isEmpty());
        await().until(() -> operator.awaitIdle(WAIT));
    }

    /** Flagger's builtin metrics, under names the scripted Prometheus answers. */
    private static BuiltinMetrics builtins() {
        return (metric, provider, kind) -> Optional.of("request-success-rate".equals(metric)
                ? new BuiltinQuery(provider, SUCCESS_RATE + "{namespace=\"{{ namespace }}\"}", 1)
                : new BuiltinQuery(provider, DURATION + "{namespace=\"{{ namespace }}\"}", 1000));
    }

    private static MetricResult[] rates(double[] values) {
        MetricResult[] results = new MetricResult[values.length];
        for (int i = 0; i < values.length; i++) {
            results[i] = MetricResult.value(values[i]);
        }
        return results;
    }

    private void tickUntil(CanaryPhase wanted, int max) throws InterruptedException {
        for (int i = 0; i < max && phase() != wanted; i++) {
            tick();
        }
    }

    /** Plays Knative Serving, waits for warm caches, advances one interval; the requests the tick sent (watches aside). */
    private RequestCounts tick() throws InterruptedException {
        serving.reconcile(NS, "podinfo");
        awaitCachesInSync();
        sent.addAll(K8S.requests().drain().requests());
        int before = ticks.size();
        clock.add(INTERVAL);
        timer.advance(INTERVAL);
        assertThat(operator.awaitIdle(WAIT)).as("the tick finished").isTrue();
        RequestCounts counts = K8S.requests().drain().withoutWatches();
        sent.addAll(counts.requests());
        assertThat(ticks.size()).as("a tick ran when the interval elapsed; errors: %s", errors).isGreaterThan(before);
        return counts;
    }

    private CanaryPhase phase() {
        CanaryPhase phase = ticks.get(ticks.size() - 1).status().phase();
        return phase == null ? CanaryPhase.INITIALIZING : phase;
    }

    private int weight() {
        return ticks.get(ticks.size() - 1).status().canaryWeight();
    }

    private List<String> messages() {
        return ticks.stream().flatMap(t -> t.events().stream()).map(CanaryEvent::message).toList();
    }

    private void awaitCachesInSync() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> same(
                client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                operator.caches().orElseThrow().canaries().get(NS, "podinfo"))
                && same(KnativeFixtures.get(client), cached(KnativeOperator.SERVICES_INFORMER, "podinfo"))
                && revisionsInSync());
    }

    private boolean revisionsInSync() {
        return client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(NS).list().getItems().stream()
                .allMatch(r -> same(r, cached(KnativeOperator.REVISIONS_INFORMER, r.getMetadata().getName())));
    }

    private Optional<HasMetadata> cached(String informer, String name) {
        List<SharedIndexInformer<?>> informers = context.get().informers(informer);
        return informers.stream().map(i -> i.getStore().getByKey(NS + "/" + name)).filter(HasMetadata.class::isInstance)
                .map(HasMetadata.class::cast).findFirst();
    }

    private static boolean same(HasMetadata server, Optional<? extends HasMetadata> cached) {
        return Objects.equals(cached.map(c -> c.getMetadata().getResourceVersion()).orElse(null),
                server == null ? null : server.getMetadata().getResourceVersion());
    }
}
