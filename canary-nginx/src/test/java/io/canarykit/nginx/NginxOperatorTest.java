package io.canarykit.nginx;

import static io.canarykit.nginx.NginxFixtures.NS;
import static io.canarykit.nginx.NginxFixtures.canaryIngress;
import static io.canarykit.nginx.NginxFixtures.routing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.TickResult;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.canarykit.testkit.RecordingTickListener;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
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
 * {@link NginxOperator} on the CRUD mock: a real {@link CanaryOperator} with the nginx router
 * installed, ticking on virtual time. Between ticks the test plays the Deployment controller and
 * waits until the operator's informers hold what the API server holds.
 */
class NginxOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String NETWORKING = "/apis/networking.k8s.io/";
    private static final String CANARY_PATH = NETWORKING + "v1/namespaces/default/ingresses/podinfo-canary";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<TickResult> ticks = Collections.synchronizedList(new ArrayList<>());
    private final List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<OperatorContext> context = new AtomicReference<>();
    private KubernetesClient client;
    private CanaryOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theInstalledRouterCreatesTheOwnedCanaryIngressAndStepsWithOnePatchFromTheInformer() throws InterruptedException {
        client = K8S.client();
        client.resource(NginxFixtures.userIngress()).create();
        client.apps().deployments().resource(podinfo()).create();
        GenericKubernetesResource created = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(NginxFixtures.canary("    maxWeight: 50\n    stepWeight: 10"),
                        CanaryApiGroup.FLAGGER)).create();
        start();
        assertThat(context.get().informers(NginxOperator.INFORMER)).as("one Ingress informer per watched namespace").hasSize(1);

        for (int i = 0; i < 4 && phase() != CanaryPhase.INITIALIZED; i++) {
            tick();
        }

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(canaryIngress(client).getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
        });
        assertThat(routing(canaryIngress(client))).containsExactlyInAnyOrderEntriesOf(Map.of("canary", "true", "canary-weight", "0"));

        RequestCounts idle = networking(tick());
        assertThat(idle.total()).as("the idle tick read both Ingresses from the informer and wrote nothing: %s", idle).isZero();

        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        RequestCounts step = new RequestCounts(List.of());
        for (int i = 0; i < 4 && ticks.get(ticks.size() - 1).status().canaryWeight() == 0; i++) {
            step = networking(tick());
        }

        assertThat(ticks.get(ticks.size() - 1).status().canaryWeight()).as("errors: %s", errors).isEqualTo(10);
        assertThat(routing(canaryIngress(client))).containsEntry("canary-weight", "10");
        assertThat(step.byPath()).as("a weight step is one PATCH, the Ingresses read from the informer")
                .containsExactly(Map.entry("PATCH " + CANARY_PATH, 1));
        assertThat(errors).isEmpty();
    }

    private void start() {
        CanaryOperator.Builder builder = CanaryOperator.builder(client).namespaces(NS).clock(clock).timer(timer)
                .webhookClient(WebhookClient.APPROVE_ALL).maxConcurrentTicks(1)
                .tickListener(RecordingTickListener.into(ticks, errors));
        // A router nobody uses, only to see the operator's context: the informers install registered.
        builder.trafficRouter("context-probe", c -> {
            context.set(c);
            return TrafficRouter.NOOP;
        });
        operator = NginxOperator.install(builder).build();
        operator.start();
        await().until(operator::isReady);
        await().until(() -> !ticks.isEmpty());
        await().until(() -> operator.awaitIdle(WAIT));
    }

    /** Plays the Deployment controller, waits for warm caches, advances one interval; the requests the tick sent (watches aside). */
    private RequestCounts tick() throws InterruptedException {
        for (String name : new String[] {"podinfo", "podinfo-primary"}) {
            if (client.apps().deployments().inNamespace(NS).withName(name).get() != null) {
                markReady(name);
            }
        }
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

    private CanaryPhase phase() {
        CanaryPhase phase = ticks.get(ticks.size() - 1).status().phase();
        return phase == null ? CanaryPhase.INITIALIZING : phase;
    }

    private void awaitCachesInSync() {
        KubernetesCaches caches = operator.caches().orElseThrow();
        List<SharedIndexInformer<?>> ingresses = context.get().informers(NginxOperator.INFORMER);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> same(
                client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                caches.canaries().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo").get(), caches.deployments().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo-primary").get(),
                        caches.deployments().get(NS, "podinfo-primary"))
                && same(client.services().inNamespace(NS).withName("podinfo-canary").get(), caches.services().get(NS, "podinfo-canary"))
                && same(canaryIngress(client), ingresses.stream().map(i -> i.getStore().getByKey(NS + "/podinfo-canary"))
                        .filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).findFirst()));
    }

    private static boolean same(HasMetadata server, Optional<? extends HasMetadata> cached) {
        return Objects.equals(cached.map(c -> c.getMetadata().getResourceVersion()).orElse(null),
                server == null ? null : server.getMetadata().getResourceVersion());
    }

    private static RequestCounts networking(RequestCounts counts) {
        return counts.filter(r -> r.path().startsWith(NETWORKING));
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
