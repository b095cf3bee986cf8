package io.canarykit.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.DeploymentTargetController;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCanaryStore;
import io.canarykit.k8s.KubernetesEventSink;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.ScriptedWebhookClient;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real engine drives a Deployment canary through the Service router wrapping the Gateway API
 * router, on the CRUD mock. The test plays the Deployment controller (marks rollouts ready) and
 * the gateway controller (accepts the route's current generation).
 */
class GatewayApiEngineTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(GatewayApiCrds.httpRoute()));

    private static final String NS = GatewayFixtures.NS;
    private static final String ROUTE_PATH = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo";
    private static final String STATUS_PATH = "/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ScriptedWebhookClient webhooks = new ScriptedWebhookClient();
    private final List<String> timeline = new ArrayList<>();
    private KubernetesClient client;
    private KubernetesCaches caches;
    private ObjectCache<HTTPRoute> routes;
    private KubernetesCanaryStore store;
    private CanaryEngine engine;
    private TickResult last;

    private void start(boolean informing) {
        client = K8S.client();
        caches = informing ? KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, NS)
                : KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        routes = informing ? HttpRouteCaches.informing(client, NS) : HttpRouteCaches.direct(client);
        store = KubernetesCanaryStore.of(caches);
        // No provider on the canary: the engine's default, gatewayapi, must pick this router.
        engine = GatewayApiRouting.register(CanaryEngine.builder().clock(clock), caches, routes)
                .targetController(DeploymentTargetController.builder(caches).clock(clock).build())
                .store(store).eventSink(KubernetesEventSink.of(caches, clock)).webhookClient(webhooks).build();
        client.apps().deployments().resource(GatewayFixtures.podinfo()).create();
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary(), CanaryApiGroup.FLAGGER)).create();
        if (informing) {
            await().until(caches::hasSynced);
            await().until(() -> store.canary(NS, "podinfo").isPresent());
        }
    }

    @AfterEach
    void stop() {
        if (caches != null) {
            caches.close();
        }
        if (routes instanceof InformerObjectCache<HTTPRoute> informer) {
            informer.informer().close();
        }
    }

    @Test
    void promotesWithTheRouteWeightsCheckedAtEveryStep() {
        start(false);
        initialize();
        GatewayFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");

        runUntil(CanaryPhase.SUCCEEDED, 12);

        assertThat(timeline).containsExactly(
                "Initializing 100/0", "Initialized 100/0",
                "Progressing 100/0", "Progressing 90/10", "Progressing 80/20", "Progressing 70/30",
                "Promoting 70/30", "Finalising 100/0", "Succeeded 100/0");
        assertThat(image("podinfo-primary")).endsWith(":6.0.1");
    }

    @Test
    void rollsBackWithTheRouteWeightsCheckedAtEveryStep() {
        start(false);
        webhooks.respond("acceptance", 200, 500);
        initialize();
        GatewayFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");

        runUntil(CanaryPhase.FAILED, 12);

        assertThat(timeline).containsExactly(
                "Initializing 100/0", "Initialized 100/0",
                "Progressing 100/0", "Progressing 90/10", "Progressing 80/20", "Progressing 80/20", "Failed 100/0");
        assertThat(image("podinfo-primary")).endsWith(":6.0.0");
        assertThat(client.apps().deployments().inNamespace(NS).withName("podinfo").get().getSpec().getReplicas()).isZero();
    }

    @Test
    void aRouteTheGatewayHasNotAcceptedHoldsTheTickWithoutCountingAFailure() {
        start(false);
        initialize();
        GatewayFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        tick();
        tick();
        assertThat(timeline.get(timeline.size() - 1)).isEqualTo("Progressing 90/10");
        Canary before = store.canary(NS, "podinfo").orElseThrow();
        HTTPRoute route = GatewayFixtures.route(client);
        route.getSpec().getHostnames().add("drift.example.com");
        // A spec change the gateway has not programmed yet: generation moves, observedGeneration does not.
        client.resource(route).update();

        TickResult held = engine.tick(before);

        assertThat(held.status().failedChecks()).isEqualTo(before.status().failedChecks());
        assertThat(held.status().canaryWeight()).isEqualTo(10);
        assertThat(held.events()).anySatisfy(e -> assertThat(e.message())
                .startsWith("HTTPRoute podinfo.default parent gateway is not ready (status: True, observed generation: 2"));
        assertThat(held.appliedRoutes()).isEmpty();
        assertThat(GatewayFixtures.weightedRule(client)).containsExactly("podinfo-primary=90", "podinfo-canary=10");
        assertThat(GatewayFixtures.route(client).getSpec().getHostnames()).as("drift repaired by reconcile").isEmpty();
    }

    @Test
    void steadyTicksWithWarmCachesIssueNoGetAndAWeightStepIsOnePatchPlusOneStatusWrite() {
        start(true);
        initialize();
        GatewayFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        tick();
        tick();
        assertThat(timeline.get(timeline.size() - 1)).isEqualTo("Progressing 90/10");

        RequestCounts step = measuredTick();
        assertThat(timeline.get(timeline.size() - 1)).isEqualTo("Progressing 80/20");
        assertThat(step.count("GET")).as("%s", step).isZero();
        assertThat(step.byPath()).containsEntry("PATCH " + ROUTE_PATH, 1).containsEntry("PUT " + STATUS_PATH, 1);
        assertThat(withoutEvents(step).writes()).as("%s", step).isEqualTo(2);

        webhooks.respond("acceptance", 500);
        RequestCounts failedCheck = measuredTick();
        assertThat(failedCheck.count("GET")).as("%s", failedCheck).isZero();
        assertThat(withoutEvents(failedCheck).byPath()).as("a failed check writes the status only")
                .containsExactly(Map.entry("PUT " + STATUS_PATH, 1));
        webhooks.respond("acceptance", 200);

        RequestCounts resumed = measuredTick();
        assertThat(resumed.count("GET")).as("%s", resumed).isZero();
        assertThat(withoutEvents(resumed).writes()).as("%s", resumed).isEqualTo(2);

        runUntil(CanaryPhase.SUCCEEDED, 10);
        RequestCounts idle = measuredTick();
        assertThat(idle.total()).as("an idle tick sends nothing: %s", idle).isZero();
    }

    // ---- driving -------------------------------------------------------------------------------

    private void initialize() {
        tick();
        tick();
        assertThat(store.canary(NS, "podinfo").orElseThrow().status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
    }

    private void runUntil(CanaryPhase phase, int maxTicks) {
        for (int i = 0; i < maxTicks && last.status().phase() != phase; i++) {
            if (routes instanceof InformerObjectCache<?>) {
                measuredTick();
            } else {
                tick();
            }
        }
        assertThat(last.status().phase()).as("%s", timeline).isEqualTo(phase);
    }

    /** One tick with warm caches, returning the requests it sent (watches aside). */
    private RequestCounts measuredTick() {
        awaitCachesCurrent();
        K8S.requests().clear();
        Canary canary = store.canary(NS, "podinfo").orElseThrow();
        last = engine.tick(canary);
        if (last.statusChanged()) {
            store.updateStatus(canary, last.status());
        }
        RequestCounts counts = K8S.requests().drain().withoutWatches();
        playControllers();
        return counts;
    }

    private void tick() {
        if (routes instanceof InformerObjectCache<?>) {
            // Informers deliver asynchronously: a tick must not read the status from before the previous one.
            awaitCachesCurrent();
        }
        Canary canary = store.canary(NS, "podinfo").orElseThrow();
        last = engine.tick(canary);
        if (last.statusChanged()) {
            store.updateStatus(canary, last.status());
        }
        playControllers();
    }

    /** Deployment and gateway controllers, then the route as the tick left it (before acceptance changes nothing but status). */
    private void playControllers() {
        for (String name : new String[] {"podinfo", "podinfo-primary"}) {
            if (client.apps().deployments().inNamespace(NS).withName(name).get() != null) {
                GatewayFixtures.markReady(client, name);
            }
        }
        HTTPRoute route = GatewayFixtures.route(client);
        if (route != null) {
            GatewayFixtures.accept(client);
        }
        List<String> weights = route == null ? List.of("podinfo-primary=100", "podinfo-canary=0")
                : GatewayFixtures.weightedRule(client);
        timeline.add(last.status().phase().wireName() + " " + weights.get(0).split("=")[1] + "/" + weights.get(1).split("=")[1]);
        clock.add(Duration.ofSeconds(10));
    }

    private void awaitCachesCurrent() {
        awaitCurrent(() -> client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS).withName("podinfo").get(),
                () -> caches.canaries().get(NS, "podinfo").orElse(null));
        awaitCurrent(() -> GatewayFixtures.route(client), () -> routes.get(NS, "podinfo").orElse(null));
        for (String name : new String[] {"podinfo", "podinfo-primary"}) {
            awaitCurrent(() -> client.apps().deployments().inNamespace(NS).withName(name).get(),
                    () -> caches.deployments().get(NS, name).orElse(null));
        }
        for (String name : new String[] {"podinfo", "podinfo-primary", "podinfo-canary"}) {
            awaitCurrent(() -> client.services().inNamespace(NS).withName(name).get(), () -> caches.services().get(NS, name).orElse(null));
        }
    }

    private static void awaitCurrent(Supplier<? extends HasMetadata> server, Supplier<? extends HasMetadata> cache) {
        HasMetadata live = server.get();
        if (live == null) {
            return;
        }
        String version = live.getMetadata().getResourceVersion();
        await().until(() -> {
            HasMetadata cached = cache.get();
            return cached != null && Objects.equals(cached.getMetadata().getResourceVersion(), version);
        });
    }

    private static RequestCounts withoutEvents(RequestCounts counts) {
        return counts.filter(r -> !r.path().contains("/events"));
    }

    // ---- fixtures ------------------------------------------------------------------------------

    private static Canary canary() {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                spec:
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
                    webhooks:
                      - name: acceptance
                        type: rollout
                        url: http://loadtester.test/
                """, "fixture").resourcesOrThrow().get(0);
    }

    private String image(String deployment) {
        return client.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage();
    }
}
