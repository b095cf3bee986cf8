package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Readiness;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flagger's DaemonSet scheduler cases (reference §7, {@code scheduler_daemonset_test.go}) that
 * concern the workload, through the real engine and {@link TargetControllers} against the CRUD mock.
 */
class DaemonSetSchedulerTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String SCALE_TO_ZERO = "flagger.app/scale-to-zero";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<CanaryPhase> phases = new ArrayList<>();
    private KubernetesClient client;
    private KubernetesCaches caches;
    private KubernetesCanaryStore store;
    private TargetControllers targets;
    private CanaryEngine engine;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        caches = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        store = KubernetesCanaryStore.of(caches);
        targets = TargetControllers.ofDefaults(caches, clock);
        engine = CanaryEngine.builder().clock(clock).trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))
                .targetController(targets).store(store).eventSink(KubernetesEventSink.of(caches, clock)).build();
        DaemonSetFixtures.createWorkload(client);
    }

    private Canary tick() {
        Canary canary = store.canary(Fixtures.NS, "podinfo").orElseThrow();
        TickResult result = engine.tick(canary);
        clock.add(Duration.ofSeconds(10));
        if (result.statusChanged()) {
            canary = store.updateStatus(canary, result.status());
        }
        phases.add(canary.status().phase());
        return canary;
    }

    private DaemonSet daemonSet(String name) {
        return client.apps().daemonSets().inNamespace(Fixtures.NS).withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace(Fixtures.NS).withName(name).get();
    }

    private String image(String name) {
        return daemonSet(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private Map<String, String> nodeSelector(String name) {
        Map<String, String> selector = daemonSet(name).getSpec().getTemplate().getSpec().getNodeSelector();
        return selector == null ? Map.of() : selector;
    }

    private Canary initialize(Canary canary) {
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        tick();
        assertThat(daemonSet("podinfo-primary")).as("primary created on the first tick").isNotNull();
        DaemonSetFixtures.markReady(client, "podinfo-primary");
        Canary initialized = tick();
        assertThat(initialized.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        return initialized;
    }

    @Test
    void initCreatesPrimaryAndScalesTargetToZeroByNodeSelector() {
        initialize(DaemonSetFixtures.canary("", "    iterations: 1"));

        DaemonSet primary = daemonSet("podinfo-primary");
        assertThat(primary.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(primary.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "podinfo-primary");
        assertThat(primary.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("flagger-id");
        assertThat(primary.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Canary"));
        assertThat(primary.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        var env = primary.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env.get(0).getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("podinfo-config-env-primary");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("podinfo-secret-env-primary");
        assertThat(client.secrets().inNamespace(Fixtures.NS).withName("podinfo-secret-env-primary").get().getData())
                .containsEntry("apiKey", "c2VjcmV0");
        assertThat(nodeSelector("podinfo")).isEqualTo(Map.of(SCALE_TO_ZERO, "true"));
        assertThat(service("podinfo").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(service("podinfo-canary").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo"));
        assertThat(service("podinfo-canary").getSpec().getPorts()).extracting(p -> p.getName())
                .containsExactly("http", "http-metrics", "tcp-podinfo-2");
    }

    @Test
    void scalingToZeroIsNoRevisionAndAnIdleTickWritesNothing() {
        initialize(DaemonSetFixtures.canary("", "    iterations: 1"));
        tick();
        K8S.requests().drain();

        Canary idle = tick();

        assertThat(idle.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(K8S.requests().drain().writes()).isZero();
        assertThat(nodeSelector("podinfo")).containsEntry(SCALE_TO_ZERO, "true");
    }

    @Test
    void newRevisionScalesFromZeroAndPromotionCopiesTemplateAndConfigs() {
        initialize(DaemonSetFixtures.canary("", "    iterations: 1"));
        DaemonSetFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        var secret = client.secrets().inNamespace(Fixtures.NS).withName("podinfo-secret-env").get();
        secret.setData(Map.of("apiKey", "bmV3"));
        client.secrets().resource(secret).update();
        var cm = client.configMaps().inNamespace(Fixtures.NS).withName("podinfo-config-env").get();
        cm.setData(Map.of("color", "blue"));
        client.configMaps().resource(cm).update();

        Canary progressing = tick();
        assertThat(progressing.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
        assertThat(nodeSelector("podinfo")).doesNotContainKey(SCALE_TO_ZERO);
        for (int i = 0; i < 10 && phases.get(phases.size() - 1) != CanaryPhase.SUCCEEDED; i++) {
            DaemonSetFixtures.markReady(client, "podinfo");
            DaemonSetFixtures.markReady(client, "podinfo-primary");
            tick();
        }

        assertThat(phases).containsSubsequence(CanaryPhase.PROGRESSING, CanaryPhase.PROMOTING, CanaryPhase.FINALISING,
                CanaryPhase.SUCCEEDED);
        assertThat(image("podinfo-primary")).isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.1");
        assertThat(daemonSet("podinfo-primary").getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(client.secrets().inNamespace(Fixtures.NS).withName("podinfo-secret-env-primary").get().getData())
                .containsEntry("apiKey", "bmV3");
        assertThat(client.configMaps().inNamespace(Fixtures.NS).withName("podinfo-config-env-primary").get().getData())
                .containsEntry("color", "blue");
        assertThat(nodeSelector("podinfo")).containsEntry(SCALE_TO_ZERO, "true");
    }

    @Test
    void rollbackScalesCanaryToZero() {
        initialize(DaemonSetFixtures.canary("", "    iterations: 5"));
        DaemonSetFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        Canary progressing = tick();
        assertThat(nodeSelector("podinfo")).doesNotContainKey(SCALE_TO_ZERO);
        DaemonSetFixtures.markReady(client, "podinfo");
        store.updateStatus(progressing, progressing.status().toBuilder().failedChecks(10).build());

        Canary failed = tick();

        assertThat(failed.status().phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(nodeSelector("podinfo")).containsEntry(SCALE_TO_ZERO, "true");
        assertThat(image("podinfo-primary")).isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.0");
    }

    @Test
    void skipAnalysisPromotesStraightAway() {
        initialize(DaemonSetFixtures.canary("  skipAnalysis: true", "    iterations: 5"));
        DaemonSetFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        tick();
        DaemonSetFixtures.markReady(client, "podinfo");
        Canary done = tick();

        assertThat(done.status().phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(image("podinfo-primary")).isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.1");
    }

    @Test
    void readinessMessagesAreFlaggers() {
        Canary initialized = initialize(DaemonSetFixtures.canary("", "    iterations: 1"));
        DaemonSetFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");

        assertThat(targets.isCanaryReady(initialized)).isEqualTo(Readiness.notReady("canary damonset podinfo.default not ready "
                + "with retryable true: waiting for rollout to finish: observed daemonset generation less than desired generation", true));
        DaemonSet primary = daemonSet("podinfo-primary");
        primary.getStatus().setUpdatedNumberScheduled(0);
        client.apps().daemonSets().resource(primary).update();
        clock.add(Duration.ofHours(1));
        assertThat(targets.isPrimaryReady(initialized)).isEqualTo(Readiness.notReady("primary daemonset podinfo-primary.default "
                + "not ready: exceeded its progressDeadlineSeconds: 600", true));
    }

    @Test
    void revertRunsTheTargetOnItsNodesAgain() {
        Canary initialized = initialize(DaemonSetFixtures.canary("", "    iterations: 1"));

        targets.revert(initialized);

        assertThat(nodeSelector("podinfo")).doesNotContainKey(SCALE_TO_ZERO);
    }

    @Test
    void scalingKeepsTheTargetsOwnNodeSelector() {
        DaemonSet target = daemonSet("podinfo");
        target.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("kubernetes.io/os", "linux"));
        client.apps().daemonSets().resource(target).update();
        Canary initialized = initialize(DaemonSetFixtures.canary("", "    iterations: 1"));
        assertThat(nodeSelector("podinfo")).isEqualTo(Map.of("kubernetes.io/os", "linux", SCALE_TO_ZERO, "true"));
        assertThat(nodeSelector("podinfo-primary")).isEqualTo(Map.of("kubernetes.io/os", "linux"));

        targets.scaleFromZero(initialized);

        assertThat(nodeSelector("podinfo")).isEqualTo(Map.of("kubernetes.io/os", "linux"));
    }
}
