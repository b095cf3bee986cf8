package io.canarykit.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
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
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GatewayApiOperator} on the CRUD mock: a real {@link CanaryOperator} with the Gateway API
 * router installed, ticking on virtual time ({@link MutableClock} and {@link ManualTickTimer}).
 * Between ticks the test plays the Deployment controller (marks rollouts ready) and the gateway
 * controller (accepts the route's current generation), then waits until the operator's informers
 * hold what the API server holds.
 */
class GatewayApiOperatorTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(GatewayApiCrds.httpRoute()));

    /** An API server without the HTTPRoute CRD (only the classpath's Canary CRDs). */
    @RegisterExtension
    static final KubernetesCrudHarness WITHOUT_GATEWAY_API = KubernetesCrudHarness.create();

    private static final String NS = GatewayFixtures.NS;
    private static final String GATEWAY_API = "/apis/gateway.networking.k8s.io/";
    private static final String ROUTE_PATH = GATEWAY_API + "v1/namespaces/default/httproutes/podinfo";
    private static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.0.1";
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

    @ParameterizedTest
    @ValueSource(strings = {"gatewayapi", "gatewayapi:v1"})
    void theInstalledRouterCreatesTheOwnedRouteAndReadsItFromTheInformer(String provider) throws InterruptedException {
        client = K8S.client();
        client.apps().deployments().resource(GatewayFixtures.podinfo()).create();
        GenericKubernetesResource created = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary(provider), CanaryApiGroup.FLAGGER)).create();
        start();
        assertThat(context.get().informers(GatewayApiOperator.INFORMER)).as("one HTTPRoute informer per watched namespace")
                .hasSize(1);

        for (int i = 0; i < 4 && phase() != CanaryPhase.INITIALIZED; i++) {
            tick();
        }

        assertThat(phase()).as("errors: %s", errors).isEqualTo(CanaryPhase.INITIALIZED);
        HTTPRoute route = GatewayFixtures.route(client);
        assertThat(route).as("HTTPRoute default/podinfo").isNotNull();
        assertThat(route.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getApiVersion()).isEqualTo("flagger.app/v1beta1");
            assertThat(owner.getKind()).isEqualTo("Canary");
            assertThat(owner.getName()).isEqualTo("podinfo");
            assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(GatewayFixtures.weightedRule(client)).containsExactly("podinfo-primary=100", "podinfo-canary=0");

        RequestCounts idle = gatewayApiRequests(tick());
        assertThat(phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(idle.count("GET")).as("the idle tick read the route from the informer: %s", idle).isZero();
        assertThat(idle.total()).as("a current route is not written: %s", idle).isZero();

        GatewayFixtures.setImage(client, NEW_IMAGE);
        RequestCounts step = new RequestCounts(List.of());
        for (int i = 0; i < 4 && ticks.get(ticks.size() - 1).status().canaryWeight() == 0; i++) {
            step = gatewayApiRequests(tick());
        }

        assertThat(ticks.get(ticks.size() - 1).status().canaryWeight()).as("errors: %s", errors).isEqualTo(10);
        assertThat(GatewayFixtures.weightedRule(client)).containsExactly("podinfo-primary=90", "podinfo-canary=10");
        assertThat(step.byPath()).as("a weight step is one PATCH, the route read from the informer")
                .containsExactly(Map.entry("PATCH " + ROUTE_PATH, 1));
        assertThat(errors).isEmpty();
    }

    @Test
    void servedAsksDiscoveryAndIsTrueWithTheHttpRouteCrd() {
        K8S.requests().clear();
        try (KubernetesClient discovery = discoveryClient(K8S)) {
            assertThat(GatewayApiOperator.served(discovery)).isTrue();
        }
        assertThat(K8S.requests().drain().byPath()).containsEntry("GET /apis/gateway.networking.k8s.io/v1", 1);
        try (KubernetesClient discovery = discoveryClient(K8S)) {
            assertThat(GatewayApiOperator.servedVersions(discovery)).containsExactly(GatewayApiVersion.V1);
        }
    }

    @Test
    void notServedWithoutTheHttpRouteCrd() {
        try (KubernetesClient discovery = discoveryClient(WITHOUT_GATEWAY_API)) {
            assertThat(GatewayApiOperator.served(discovery)).isFalse();
        }
    }

    @Test
    void notServedWhenHttpRoutesAreServedInV1beta1Only() {
        WITHOUT_GATEWAY_API.server().expectCustomResource(new CustomResourceDefinitionContext.Builder()
                .withGroup("gateway.networking.k8s.io").withVersion("v1beta1").withKind("HTTPRoute").withPlural("httproutes")
                .withScope("Namespaced").build());
        try (KubernetesClient discovery = discoveryClient(WITHOUT_GATEWAY_API)) {
            assertThat(discovery.supports("gateway.networking.k8s.io/v1beta1", "HTTPRoute")).as("v1beta1 is served").isTrue();
            assertThat(GatewayApiOperator.served(discovery)).isFalse();
            assertThat(GatewayApiOperator.servedVersions(discovery)).as("the router for gatewayapi:v1beta1 can be installed")
                    .containsExactly(GatewayApiVersion.V1BETA1);
        }
    }

    /**
     * A plain client of {@code harness}'s server. The harness' own client answers {@code supports}
     * from the mock's {@code setUnsupported} patterns (everything, by default) without asking
     * discovery; this one asks {@code /apis/<group>/<version>}, which the CRUD mock answers from the
     * CRDs registered on it.
     */
    private static KubernetesClient discoveryClient(KubernetesCrudHarness harness) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(harness.server().url("/"))
                .withTrustCerts(true).withNamespace(NS).withRequestRetryBackoffLimit(0).build()).build();
    }

    // ---- driving -------------------------------------------------------------------------------

    private void start() {
        CanaryOperator.Builder builder = CanaryOperator.builder(client).namespaces(NS).clock(clock).timer(timer)
                .webhookClient(WebhookClient.APPROVE_ALL).maxConcurrentTicks(1)
                .tickListener(RecordingTickListener.into(ticks, errors));
        // A router nobody uses, only to see the operator's context: the informers install registered.
        builder.trafficRouter("context-probe", c -> {
            context.set(c);
            return TrafficRouter.NOOP;
        });
        operator = GatewayApiOperator.install(builder).build();
        operator.start();
        await().until(operator::isReady);
        // The canary is queued and ticked once as soon as the operator leads.
        await().until(() -> !ticks.isEmpty());
        await().until(() -> operator.awaitIdle(WAIT));
    }

    /** Plays the controllers, waits for warm caches, advances one interval; the requests the tick sent (watches aside). */
    private RequestCounts tick() throws InterruptedException {
        playControllers();
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

    private void playControllers() {
        for (String name : new String[] {"podinfo", "podinfo-primary"}) {
            if (client.apps().deployments().inNamespace(NS).withName(name).get() != null) {
                GatewayFixtures.markReady(client, name);
            }
        }
        if (GatewayFixtures.route(client) != null) {
            GatewayFixtures.accept(client);
        }
    }

    private CanaryPhase phase() {
        CanaryPhase phase = ticks.get(ticks.size() - 1).status().phase();
        return phase == null ? CanaryPhase.INITIALIZING : phase;
    }

    /** The operator's informers (the HTTPRoute ones included) hold the API server's current version of what a tick reads. */
    private void awaitCachesInSync() {
        KubernetesCaches caches = operator.caches().orElseThrow();
        List<SharedIndexInformer<?>> routes = context.get().informers(GatewayApiOperator.INFORMER);
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> same(
                client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                caches.canaries().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo").get(), caches.deployments().get(NS, "podinfo"))
                && same(client.apps().deployments().inNamespace(NS).withName("podinfo-primary").get(),
                        caches.deployments().get(NS, "podinfo-primary"))
                && same(client.services().inNamespace(NS).withName("podinfo").get(), caches.services().get(NS, "podinfo"))
                && same(client.services().inNamespace(NS).withName("podinfo-primary").get(), caches.services().get(NS, "podinfo-primary"))
                && same(client.services().inNamespace(NS).withName("podinfo-canary").get(), caches.services().get(NS, "podinfo-canary"))
                && same(GatewayFixtures.route(client), routes.stream().map(i -> i.getStore().getByKey(NS + "/podinfo"))
                        .filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).findFirst()));
    }

    /** The cache holds the server's resourceVersion of the object, or nothing when the server has none. */
    private static boolean same(HasMetadata server, Optional<? extends HasMetadata> cached) {
        return Objects.equals(cached.map(c -> c.getMetadata().getResourceVersion()).orElse(null),
                server == null ? null : server.getMetadata().getResourceVersion());
    }

    private static RequestCounts gatewayApiRequests(RequestCounts counts) {
        return counts.filter(r -> r.path().startsWith(GATEWAY_API));
    }

    // ---- fixtures ------------------------------------------------------------------------------

    private static Canary canary(String provider) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  provider: %s
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                  service:
                    port: 9898
                    gatewayRefs:
                      - name: gateway
                        namespace: istio-ingress
                  analysis:
                    interval: 10s
                    threshold: 2
                    stepWeight: 10
                    maxWeight: 30
                """.formatted(provider), "fixture").resourcesOrThrow().get(0);
    }

}
