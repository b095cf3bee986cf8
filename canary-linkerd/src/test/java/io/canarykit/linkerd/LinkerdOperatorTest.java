package io.canarykit.linkerd;

import static io.canarykit.linkerd.SmiFixtures.NS;
import static io.canarykit.linkerd.SmiFixtures.spec;
import static io.canarykit.linkerd.SmiFixtures.split;
import static io.canarykit.linkerd.SmiFixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LinkerdOperator} and {@link SmiOperator} on the CRUD mock: a real {@link CanaryOperator}
 * with the SMI routers installed, ticking on virtual time. Between ticks the test plays the
 * Deployment controller and waits until the operator's informers hold what the API server holds.
 */
class LinkerdOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(SmiFixtures.crds());

    private static final String SMI = "/apis/split.smi-spec.io/";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<TickResult> ticks = Collections.synchronizedList(new ArrayList<>());
    private final List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<OperatorContext> context = new AtomicReference<>();
    private KubernetesClient client;
    private CanaryOperator operator;
    private SmiVersion version = SmiVersion.V1ALPHA1;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    private static String path(SmiVersion version) {
        return SMI + version.version() + "/namespaces/default/trafficsplits/podinfo";
    }

    @Test
    void createsTheOwnedSplitStepsWithOnePatchRetriesAConflictRepairsDriftAndRevertsOnDeletion() throws InterruptedException {
        client = K8S.client();
        client.apps().deployments().resource(podinfo()).create();
        GenericKubernetesResource created = createCanary(SmiFixtures.canary("linkerd", "    maxWeight: 50\n    stepWeight: 10"), true);
        start(LinkerdOperator::install);
        assertThat(context.get().informers(SmiOperator.informer(SmiVersion.V1ALPHA1)))
                .as("one v1alpha1 TrafficSplit informer per watched namespace").hasSize(1);
        assertThat(context.get().informers(SmiOperator.informer(SmiVersion.V1ALPHA2))).isEmpty();

        for (int i = 0; i < 4 && phase() != CanaryPhase.INITIALIZED; i++) {
            tick();
        }

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.INITIALIZED);
        GenericKubernetesResource ts = split(client, version);
        assertThat(ts.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
        });
        assertThat(spec(ts)).containsEntry("service", "podinfo");
        assertThat(weights(ts)).containsExactly(Map.entry("podinfo-canary", "0"), Map.entry("podinfo-primary", "100"));

        RequestCounts idle = smi(tick());
        assertThat(idle.total()).as("the idle tick read the split from the informer and wrote nothing: %s", idle).isZero();

        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        RequestCounts step = new RequestCounts(List.of());
        for (int i = 0; i < 4 && lastWeight() == 0; i++) {
            step = smi(tick());
        }
        assertThat(lastWeight()).as("errors: %s", errors).isEqualTo(10);
        assertThat(weights(split(client, version))).containsExactly(Map.entry("podinfo-canary", "10"), Map.entry("podinfo-primary", "90"));
        assertThat(step.byPath()).as("a weight step is one PATCH, the split read from the informer")
                .containsExactly(Map.entry("PATCH " + path(version), 1));

        // Another writer got there first: the API server refuses the step once.
        K8S.server().expect().patch().withPath(path(version))
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").once();
        RequestCounts conflicted = smi(tick());
        assertThat(lastWeight()).as("errors: %s", errors).isEqualTo(20);
        assertThat(weights(split(client, version))).containsEntry("podinfo-canary", "20");
        assertThat(conflicted.byPath()).as("the refused patch, one fresh read, the patch on it")
                .isEqualTo(Map.of("PATCH " + path(version), 2, "GET " + path(version), 1));

        awaitCachesInSync();
        int before = ticks.size();
        GenericKubernetesResource edited = split(client, version);
        spec(edited).put("service", "elsewhere");
        spec(edited).put("backends", List.of(Map.of("service", "podinfo-primary", "weight", "80"),
                Map.of("service", "podinfo-canary", "weight", "20")));
        client.genericKubernetesResources(version.trafficSplits()).inNamespace(NS).resource(edited).update();
        await().atMost(WAIT).until(() -> "podinfo".equals(spec(split(client, version)).get("service")));
        assertThat(operator.awaitIdle(WAIT)).isTrue();
        assertThat(weights(split(client, version))).as("repaired at once, from the informer's event, with the split in force")
                .containsExactly(Map.entry("podinfo-canary", "20"), Map.entry("podinfo-primary", "80"));
        assertThat(ticks.size()).as("no interval elapsed: the repair came from the drift").isGreaterThan(before);
        assertThat(lastWeight()).as("the repair did not advance the analysis").isEqualTo(20);

        awaitCachesInSync();
        var canaries = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo");
        assertThat(canaries.get().getMetadata().getFinalizers()).containsExactly(CanaryOperator.FINALIZER);
        canaries.delete();
        await().atMost(WAIT).until(() -> phase() == CanaryPhase.TERMINATING);
        assertThat(operator.awaitIdle(WAIT)).isTrue();
        assertThat(split(client, version)).as("the target is reverted first; the split waits for it").isNotNull();
        markReady("podinfo");
        awaitCachesInSync();
        clock.add(Duration.ofSeconds(3));
        timer.advance(Duration.ofSeconds(3));
        await().atMost(WAIT).until(() -> canaries.get() == null);
        assertThat(split(client, version)).as("revertOnDeletion deleted the split the Canary owned").isNull();
        assertThat(phase()).isEqualTo(CanaryPhase.TERMINATED);
        assertThat(errors).isEmpty();
    }

    @Test
    void smiOperatorServesEachProviderInItsVersionWithOneInformerPerVersion() throws InterruptedException {
        client = K8S.client();
        version = SmiVersion.V1ALPHA2;
        client.apps().deployments().resource(podinfo()).create();
        createCanary(SmiFixtures.canary("osm", "    maxWeight: 50\n    stepWeight: 25"), false);
        start(b -> SmiOperator.install(b, "osm", "smi:v1alpha3", "smi:v1alpha2:istio"));
        assertThat(context.get().informers(SmiOperator.informer(SmiVersion.V1ALPHA2))).hasSize(1);
        assertThat(context.get().informers(SmiOperator.informer(SmiVersion.V1ALPHA3))).hasSize(1);
        assertThat(context.get().informers(SmiOperator.informer(SmiVersion.V1ALPHA1))).isEmpty();

        for (int i = 0; i < 4 && phase() != CanaryPhase.INITIALIZED; i++) {
            tick();
        }
        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        RequestCounts step = new RequestCounts(List.of());
        for (int i = 0; i < 4 && lastWeight() == 0; i++) {
            step = smi(tick());
        }

        assertThat(lastWeight()).as("errors: %s", errors).isEqualTo(25);
        assertThat(weights(split(client, SmiVersion.V1ALPHA2))).containsExactly(Map.entry("podinfo-canary", 25),
                Map.entry("podinfo-primary", 75));
        assertThat(step.byPath()).containsExactly(Map.entry("PATCH " + path(SmiVersion.V1ALPHA2), 1));
        assertThat(errors).isEmpty();
    }

    private GenericKubernetesResource createCanary(Canary canary, boolean revertOnDeletion) {
        GenericKubernetesResource resource = CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER);
        resource.getMetadata().setUid(null);
        if (revertOnDeletion) {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) resource.getAdditionalProperties().get("spec");
            spec.put("revertOnDeletion", true);
        }
        return client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).resource(resource).create();
    }

    private void start(UnaryOperator<CanaryOperator.Builder> install) {
        CanaryOperator.Builder builder = CanaryOperator.builder(client).namespaces(NS).clock(clock).timer(timer)
                .webhookClient(WebhookClient.APPROVE_ALL).maxConcurrentTicks(1)
                .tickListener(RecordingTickListener.into(ticks, errors));
        // A router nobody uses, only to see the operator's context: the informers install registered.
        builder.trafficRouter("context-probe", c -> {
            context.set(c);
            return TrafficRouter.NOOP;
        });
        operator = install.apply(builder).build();
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

    private int lastWeight() {
        return ticks.get(ticks.size() - 1).status().canaryWeight();
    }

    private void awaitCachesInSync() {
        KubernetesCaches caches = operator.caches().orElseThrow();
        List<SharedIndexInformer<?>> splits = context.get().informers(SmiOperator.informer(version));
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> same(
                client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                caches.canaries().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo").get(), caches.deployments().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo-primary").get(),
                        caches.deployments().get(NS, "podinfo-primary"))
                && same(client.services().inNamespace(NS).withName("podinfo-canary").get(), caches.services().get(NS, "podinfo-canary"))
                && same(split(client, version), splits.stream().map(i -> i.getStore().getByKey(NS + "/podinfo"))
                        .filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).findFirst()));
    }

    private static boolean same(HasMetadata server, Optional<? extends HasMetadata> cached) {
        return Objects.equals(cached.map(c -> c.getMetadata().getResourceVersion()).orElse(null),
                server == null ? null : server.getMetadata().getResourceVersion());
    }

    private static RequestCounts smi(RequestCounts counts) {
        return counts.filter(r -> r.path().startsWith(SMI));
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
