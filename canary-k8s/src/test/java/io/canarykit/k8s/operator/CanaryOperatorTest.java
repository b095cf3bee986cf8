package io.canarykit.k8s.operator;

import static io.canarykit.k8s.operator.OperatorDriver.PODINFO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedMetricProvider;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
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

    private OperatorDriver driver(ScriptedMetricProvider metrics, java.util.function.Consumer<CanaryOperator.Builder> options) {
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
            java.util.function.Consumer<CanaryOperator.Builder> mesh = b -> b.trafficRouter("recording", context -> router);
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

    @Test
    @SuppressWarnings("unchecked")
    void specChangeTicksAtOnceStatusOnlyUpdateDoesNotAndDeletionStops() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, false));
        driver.awaitCachesInSync();
        int before = driver.ticks.size();

        GenericKubernetesResource statusOnly = canaryResource().get();
        ((Map<String, Object>) statusOnly.getAdditionalProperties().get("status")).put("failedChecks", 0);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(statusOnly).updateStatus();
        GenericKubernetesResource specChange = canaryResource().get();
        ((Map<String, Object>) specChange.getAdditionalProperties().get("spec")).put("suspend", true);
        client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(specChange).update();

        await().until(() -> driver.ticks.size() > before);
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driver.ticks).as("one tick, for the spec change only").hasSize(before + 1);
        assertThat(driver.ticks.get(before).events()).extracting(e -> e.message())
                .containsExactly("skipping canary run as object is suspended");

        canaryResource().delete();
        await().until(() -> driver.operator.scheduled().isEmpty());
        driver.timer.advance(Duration.ofMinutes(1));
        assertThat(driver.operator.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(driver.ticks).as("a deleted canary no longer ticks").hasSize(before + 1);
    }

    @Test
    void revertOnDeletionFinalizesTerminatingToTerminated() throws InterruptedException {
        OperatorDriver driver = initialized(driver(errorRate(0.5)), OperatorFixtures.canary("kubernetes", ITERATIONS, true));
        assertThat(canaryResource().get().getMetadata().getFinalizers()).containsExactly(CanaryOperator.FINALIZER);
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo").get().getSpec().getReplicas()).isZero();
        driver.awaitCachesInSync();

        canaryResource().delete();

        await().until(() -> canaryResource().get() == null);
        assertThat(driver.ticks.get(driver.ticks.size() - 1).status().phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(client().apps().deployments().inNamespace("default").withName("podinfo").get().getSpec().getReplicas())
                .as("target scaled back to the primary's replicas").isEqualTo(1);
        assertThat(client().services().inNamespace("default").withName("podinfo").get().getSpec().getSelector())
                .as("apex Service selects the target again").containsEntry("app", "podinfo");
        assertThat(client().v1().events().inNamespace("default").list().getItems()).extracting(e -> e.getMessage())
                .contains("Terminating canary podinfo.default", "Terminated canary podinfo.default");
        await().until(() -> driver.operator.scheduled().isEmpty());
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
