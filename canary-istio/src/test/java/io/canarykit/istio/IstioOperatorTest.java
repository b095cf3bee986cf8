package io.canarykit.istio;

import static io.canarykit.istio.IstioFixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.engine.TickResult;
import io.canarykit.istio.internal.Trees;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.canarykit.testkit.RecordingTickListener;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedWebhookClient;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link IstioOperator} on the CRUD mock: a real {@link CanaryOperator} with the Istio router
 * installed, ticking on virtual time. Between ticks the test plays the Deployment controller and
 * waits until the operator's informers hold what the API server holds.
 */
class IstioOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(IstioCrds.all());

    private static final String ISTIO = "/apis/networking.istio.io/";
    private static final String VS_PATH = ISTIO + "v1beta1/namespaces/default/virtualservices/podinfo";
    private static final String DR_PATH = ISTIO + "v1beta1/namespaces/default/destinationrules/podinfo-canary";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<TickResult> ticks = Collections.synchronizedList(new ArrayList<>());
    private final List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<OperatorContext> context = new AtomicReference<>();
    private final ScriptedWebhookClient webhooks = new ScriptedWebhookClient();
    private KubernetesClient client;
    private CanaryOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void servedAsksDiscoveryAndIsTrueWithTheIstioCrds() {
        assertThat(IstioOperator.served(K8S.client())).isTrue();
    }

    @Test
    void theInstalledRouterCreatesOwnedObjectsStepsWithOnePatchFromTheInformersAndRepairsDrift() throws InterruptedException {
        GenericKubernetesResource created = startWith("""
                    trafficPolicy:
                      tls:
                        mode: ISTIO_MUTUAL
                  analysis:
                    interval: 10s
                    threshold: 5
                    maxWeight: 50
                    stepWeight: 10
                    webhooks:
                      - name: acceptance
                        type: rollout
                        url: http://loadtester.test/
                """);
        assertThat(context.get().informers(IstioOperator.VIRTUAL_SERVICES)).as("one informer per watched namespace").hasSize(1);
        assertThat(context.get().informers(IstioOperator.DESTINATION_RULES)).hasSize(1);
        initialize();

        for (String name : List.of("podinfo-primary", "podinfo-canary")) {
            assertThat(IstioFixtures.destinationRule(client, name).getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        }
        assertThat(IstioFixtures.virtualService(client, "podinfo").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        assertThat(IstioFixtures.weights(IstioFixtures.http(IstioFixtures.virtualService(client, "podinfo")).get(0)))
                .containsExactly("podinfo-primary=100", "podinfo-canary=0");

        RequestCounts idle = tick();
        assertThat(idle.total()).as("the idle tick read everything from the informers and wrote nothing: %s", idle).isZero();

        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        RequestCounts step = new RequestCounts(List.of());
        for (int i = 0; i < 4 && lastWeight() < 20; i++) {
            step = tick();
        }
        assertThat(lastWeight()).as("errors: %s", errors).isEqualTo(20);
        assertThat(IstioFixtures.weights(IstioFixtures.http(IstioFixtures.virtualService(client, "podinfo")).get(0)))
                .containsExactly("podinfo-primary=80", "podinfo-canary=20");
        assertThat(step.count("GET")).as("no GET with warm caches: %s", step).isZero();
        assertThat(istio(step).byPath()).as("a weight step is one PATCH of the VirtualService")
                .containsExactly(Map.entry("PATCH " + VS_PATH, 1));

        // The informer events tick the canary at once; a failing rollout hook (threshold 5) keeps those ticks from stepping.
        webhooks.respond("acceptance", 500);
        GenericKubernetesResource vs = IstioFixtures.virtualService(client, "podinfo");
        IstioResources.spec(vs).put("gateways", new ArrayList<>(List.of("istio-system/hand-edited")));
        RequestCounts vsRepair = handEdit(IstioResources.virtualServices(), vs, () -> cached(IstioOperator.VIRTUAL_SERVICES, "podinfo")
                .map(o -> Trees.list(IstioResources.spec((GenericKubernetesResource) o).get("gateways"))).filter(List.of("mesh")::equals)
                .isPresent());
        GenericKubernetesResource rule = IstioFixtures.destinationRule(client, "podinfo-canary");
        IstioResources.spec(rule).remove("trafficPolicy");
        RequestCounts drRepair = handEdit(IstioResources.destinationRules(), rule, () -> cached(IstioOperator.DESTINATION_RULES,
                "podinfo-canary").map(o -> IstioResources.spec((GenericKubernetesResource) o)).filter(spec -> spec.containsKey("trafficPolicy"))
                .isPresent());

        assertThat(IstioFixtures.weights(IstioFixtures.http(IstioFixtures.virtualService(client, "podinfo")).get(0)))
                .as("the repair keeps the split in force").containsExactly("podinfo-primary=80", "podinfo-canary=20");
        assertThat(IstioFixtures.at(IstioResources.spec(IstioFixtures.destinationRule(client, "podinfo-canary")), "trafficPolicy",
                "tls", "mode")).isEqualTo("ISTIO_MUTUAL");
        assertThat(istio(vsRepair).byPath()).as("the test's edit and the operator's repair, read from the informer")
                .containsExactly(Map.entry("PUT " + VS_PATH, 2));
        assertThat(istio(drRepair).byPath()).as("the test's edit and the operator's repair, read from the informer")
                .containsExactly(Map.entry("PUT " + DR_PATH, 2));
        assertThat(errors).isEmpty();
    }

    @Test
    void deletingACanaryWithRevertOnDeletionDeletesTheIstioObjectsItCreated() throws InterruptedException {
        startWith("""
                  revertOnDeletion: true
                  analysis:
                    interval: 10s
                    threshold: 2
                    maxWeight: 50
                    stepWeight: 10
                """);
        initialize();
        assertThat(IstioFixtures.virtualService(client, "podinfo")).isNotNull();

        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").delete();
        for (int i = 0; i < 8 && canaryExists(); i++) {
            playDeploymentController();
            clock.add(INTERVAL);
            timer.advance(INTERVAL);
            assertThat(operator.awaitIdle(WAIT)).isTrue();
        }

        assertThat(canaryExists()).as("the finalizer ran to the end; errors: %s", errors).isFalse();
        assertThat(IstioFixtures.virtualService(client, "podinfo")).isNull();
        assertThat(IstioFixtures.destinationRule(client, "podinfo-primary")).isNull();
        assertThat(IstioFixtures.destinationRule(client, "podinfo-canary")).isNull();
    }

    // ---- driving -------------------------------------------------------------------------------

    private GenericKubernetesResource startWith(String specTail) {
        client = K8S.client();
        client.apps().deployments().resource(podinfo()).create();
        Canary canary = IstioFixtures.parse("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  provider: istio
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                %s
                """.formatted(specTail));
        GenericKubernetesResource created = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        CanaryOperator.Builder builder = CanaryOperator.builder(client).namespaces(NS).clock(clock).timer(timer)
                .webhookClient(webhooks).maxConcurrentTicks(1)
                .tickListener(RecordingTickListener.into(ticks, errors));
        // A router nobody uses, only to see the operator's context: the informers install registered.
        builder.trafficRouter("context-probe", c -> {
            context.set(c);
            return TrafficRouter.NOOP;
        });
        operator = IstioOperator.install(builder).build();
        operator.start();
        await().until(operator::isReady);
        await().until(() -> !ticks.isEmpty());
        await().until(() -> operator.awaitIdle(WAIT));
        return created;
    }

    private void initialize() throws InterruptedException {
        for (int i = 0; i < 4 && phase() != CanaryPhase.INITIALIZED; i++) {
            tick();
        }
        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.INITIALIZED);
    }

    /** Plays the Deployment controller, waits for warm caches, advances one interval; the requests the tick sent (watches aside). */
    private RequestCounts tick() throws InterruptedException {
        playDeploymentController();
        awaitCachesInSync();
        K8S.requests().clear();
        int before = ticks.size();
        clock.add(INTERVAL);
        timer.advance(INTERVAL);
        assertThat(operator.awaitIdle(WAIT)).as("the tick finished").isTrue();
        RequestCounts counts = K8S.requests().drain().withoutWatches();
        assertThat(ticks.size()).as("a tick ran when the interval elapsed; errors: %s", errors).isGreaterThan(before);
        return counts;
    }

    /** Writes {@code edited} as a user would, waits until the operator's informer shows it {@code repaired}; the requests meanwhile. */
    private RequestCounts handEdit(io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext kind, GenericKubernetesResource edited,
            java.util.concurrent.Callable<Boolean> repaired) throws InterruptedException {
        assertThat(operator.awaitIdle(WAIT)).isTrue();
        K8S.requests().clear();
        client.genericKubernetesResources(kind).resource(edited).update();
        await().until(repaired);
        assertThat(operator.awaitIdle(WAIT)).isTrue();
        return K8S.requests().drain().withoutWatches();
    }

    private CanaryPhase phase() {
        CanaryPhase phase = ticks.get(ticks.size() - 1).status().phase();
        return phase == null ? CanaryPhase.INITIALIZING : phase;
    }

    private int lastWeight() {
        Canary canary = ticks.get(ticks.size() - 1).canary();
        return IstioTrafficRouter.split(IstioFixtures.virtualService(client, "podinfo"), canary).map(Routes::canaryWeight)
                .orElse(-1);
    }

    private boolean canaryExists() {
        return client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get() != null;
    }

    private void awaitCachesInSync() {
        KubernetesCaches caches = operator.caches().orElseThrow();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> same(
                client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                caches.canaries().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo").get(), caches.deployments().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo-primary").get(),
                        caches.deployments().get(NS, "podinfo-primary"))
                && same(client.services().inNamespace(NS).withName("podinfo-canary").get(), caches.services().get(NS, "podinfo-canary"))
                && same(IstioFixtures.virtualService(client, "podinfo"), cached(IstioOperator.VIRTUAL_SERVICES, "podinfo"))
                && same(IstioFixtures.destinationRule(client, "podinfo-canary"), cached(IstioOperator.DESTINATION_RULES, "podinfo-canary"))
                && same(IstioFixtures.destinationRule(client, "podinfo-primary"),
                        cached(IstioOperator.DESTINATION_RULES, "podinfo-primary")));
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

    private static RequestCounts istio(RequestCounts counts) {
        return counts.filter(r -> r.path().startsWith(ISTIO));
    }

    private void playDeploymentController() {
        for (String name : new String[] {"podinfo", "podinfo-primary"}) {
            if (client.apps().deployments().inNamespace(NS).withName(name).get() != null) {
                markReady(name);
            }
        }
    }

    private static Deployment podinfo() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** The Deployment controller's part: the current generation rolled out, every replica available. */
    private void markReady(String name) {
        for (int attempt = 0; ; attempt++) {
            try {
                markReadyOnce(name);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                // The operator wrote the Deployment meanwhile (e.g. scaling it during finalizing): read it again.
                if (e.getCode() != 409 || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private void markReadyOnce(String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getReadyReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        client.apps().deployments().resource(d).update();
    }

    private void setImage(String image) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().deployments().resource(d).update();
    }
}
