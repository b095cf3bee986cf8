package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.IntOrString;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flagger's workload scheduler cases (reference §7) through the real engine against the CRUD mock. */
class WorkloadSchedulerTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private KubernetesClient client;
    private KubernetesCaches caches;
    private KubernetesCanaryStore store;
    private CanaryEngine engine;
    private final List<CanaryPhase> phases = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client = K8S.client();
        caches = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        store = KubernetesCanaryStore.of(caches);
        TrafficRouter router = KubernetesServiceRouter.of(caches);
        engine = CanaryEngine.builder().clock(clock).trafficRouter("kubernetes", router)
                .targetController(DeploymentTargetController.builder(caches).clock(clock).build())
                .store(store).eventSink(KubernetesEventSink.of(caches, clock)).build();
        Fixtures.createWorkload(client);
    }

    private Canary apply(Canary canary) {
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        return store.canary(Fixtures.NS, "podinfo").orElseThrow();
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

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(Fixtures.NS).withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace(Fixtures.NS).withName(name).get();
    }

    private Canary initialize(Canary canary) {
        apply(canary);
        tick();
        assertThat(deployment("podinfo-primary")).as("primary created on the first tick").isNotNull();
        Fixtures.markReady(client, "podinfo-primary");
        Canary initialized = tick();
        assertThat(initialized.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        return initialized;
    }

    @Test
    void initCreatesPrimaryServicesAndScalesTargetToZero() {
        initialize(Fixtures.canary("", "    iterations: 2"));

        Deployment primary = deployment("podinfo-primary");
        assertThat(primary.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(primary.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "podinfo-primary");
        assertThat(primary.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("flagger-id");
        assertThat(primary.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Canary"));
        var env = primary.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env.get(0).getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("podinfo-config-env-primary");
        assertThat(env.get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("podinfo-secret-env-primary");
        assertThat(client.configMaps().inNamespace(Fixtures.NS).withName("podinfo-config-env-primary").get().getData())
                .containsEntry("color", "red");
        assertThat(deployment("podinfo").getSpec().getReplicas()).isZero();
        assertThat(service("podinfo").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(service("podinfo-primary").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(service("podinfo-canary").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo"));
        assertThat(service("podinfo").getMetadata().getAnnotations())
                .containsEntry("kustomize.toolkit.fluxcd.io/reconcile", "disabled");
        assertThat(client.v1().events().inNamespace(Fixtures.NS).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getMessage()).isEqualTo("Initialization done! podinfo.default");
                    assertThat(e.getReason()).isEqualTo("Synced");
                    assertThat(e.getSource().getComponent()).isEqualTo("flagger");
                });
    }

    @Test
    void newRevisionScalesUpAndPromotionCopiesTemplateAndConfigs() {
        initialize(Fixtures.canary("", "    iterations: 1"));
        Fixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        var cm = client.configMaps().inNamespace(Fixtures.NS).withName("podinfo-config-env").get();
        cm.setData(Map.of("color", "blue"));
        client.configMaps().resource(cm).update();

        Canary progressing = tick();
        assertThat(progressing.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
        assertThat(deployment("podinfo").getSpec().getReplicas()).isEqualTo(1);
        for (int i = 0; i < 10 && phases.get(phases.size() - 1) != CanaryPhase.SUCCEEDED; i++) {
            Fixtures.markReady(client, "podinfo");
            Fixtures.markReady(client, "podinfo-primary");
            tick();
        }

        // Flagger's TestScheduler_DeploymentBlueGreenAnalysisPhases with iterations 1.
        assertThat(phases).containsSubsequence(CanaryPhase.PROGRESSING, CanaryPhase.PROMOTING, CanaryPhase.FINALISING,
                CanaryPhase.SUCCEEDED);
        assertThat(deployment("podinfo-primary").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.1");
        assertThat(client.configMaps().inNamespace(Fixtures.NS).withName("podinfo-config-env-primary").get().getData())
                .containsEntry("color", "blue");
        assertThat(deployment("podinfo").getSpec().getReplicas()).isZero();
    }

    @Test
    void rollbackScalesCanaryToZero() {
        initialize(Fixtures.canary("", "    iterations: 5"));
        Fixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        Canary progressing = tick();
        Fixtures.markReady(client, "podinfo");
        store.updateStatus(progressing, progressing.status().toBuilder().failedChecks(10).build());

        Canary failed = tick();

        assertThat(failed.status().phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(deployment("podinfo").getSpec().getReplicas()).isZero();
        assertThat(deployment("podinfo-primary").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.0");
    }

    @Test
    void skipAnalysisPromotesStraightAway() {
        initialize(Fixtures.canary("  skipAnalysis: true", "    iterations: 5"));
        Fixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        tick();
        Fixtures.markReady(client, "podinfo");
        Canary done = tick();

        assertThat(done.status().phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(deployment("podinfo-primary").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.0.1");
    }

    @Test
    void portDiscoveryAddsContainerPorts() {
        initialize(Fixtures.canary("", "    iterations: 1"));
        assertThat(ports("podinfo-canary")).containsExactly("http:9898->9898", "http-metrics:8080->8080", "tcp-podinfo-2:8888->8888");
    }

    @Test
    void targetPortByNumber() {
        initialize(withService(Fixtures.canary("", "    iterations: 1"), 80, IntOrString.of(9898)));
        assertThat(ports("podinfo")).containsExactly("http:80->9898", "http-metrics:8080->8080", "tcp-podinfo-2:8888->8888");
    }

    @Test
    void targetPortByName() {
        initialize(withService(Fixtures.canary("", "    iterations: 1"), 8080, IntOrString.of("http")));
        assertThat(ports("podinfo")).containsExactly("http:8080->http", "http-metrics:8080->8080", "tcp-podinfo-2:8888->8888");
    }

    @Test
    void serviceDriftIsRepaired() {
        initialize(Fixtures.canary("", "    iterations: 1"));
        Service apex = service("podinfo");
        apex.getSpec().setSelector(Map.of("app", "podinfo"));
        apex.getSpec().getPorts().get(0).setPort(1234);
        client.services().resource(apex).update();

        tick();

        assertThat(service("podinfo").getSpec().getSelector()).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(ports("podinfo")).first().isEqualTo("http:9898->9898");
    }

    private static Canary withService(Canary canary, int port, IntOrString targetPort) {
        var s = canary.spec().service();
        var service = new CanaryService(s.name(), port, s.portName(), targetPort, s.appProtocol(),
                s.trafficDistribution(), s.portDiscovery(), s.headless(), s.timeout(), s.backendTimeout(), s.gateways(),
                s.gatewayRefs(), s.hosts(), s.delegation(), s.trafficPolicy(), s.match(), s.rewrite(), s.retries(), s.headers(),
                s.mirror(), s.corsPolicy(), s.meshName(), s.backends(), s.apex(), s.primary(), s.canary(), s.unmanagedMetadata());
        var spec = canary.spec();
        return canary.withSpec(new CanarySpec(spec.provider(), spec.metricsServer(), spec.targetRef(),
                spec.autoscalerRef(), spec.ingressRef(), spec.routeRef(), spec.upstreamRef(), service, spec.analysis(),
                spec.canaryAnalysis(), spec.progressDeadlineSeconds(), spec.skipAnalysis(), spec.revertOnDeletion(), spec.suspend()));
    }

    private List<String> ports(String name) {
        return service(name).getSpec().getPorts().stream().map(WorkloadSchedulerTest::describe).toList();
    }

    private static String describe(ServicePort p) {
        var t = p.getTargetPort();
        return p.getName() + ":" + p.getPort() + "->" + (t.getIntVal() != null ? t.getIntVal() : t.getStrVal());
    }
}
