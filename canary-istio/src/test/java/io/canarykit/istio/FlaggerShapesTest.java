package io.canarykit.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.istio.internal.Trees;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.DeploymentTargetController;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCanaryStore;
import io.canarykit.k8s.KubernetesEventSink;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flagger's documented Canaries produce Flagger's VirtualService and DestinationRule shapes
 * (fixtures in {@code src/test/resources/flagger}, from Flagger's docs and router, Apache-2.0).
 * The FAQ examples are reconciled; the A/B, mirroring and session-affinity Canaries are run by the
 * real engine behind the Kubernetes Service router, the test playing the Deployment controller, and
 * the VirtualService is compared at the point of the run the fixture shows.
 */
class FlaggerShapesTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(IstioCrds.all());

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String NS = "default";

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<String> timeline = new ArrayList<>();
    private KubernetesClient client;
    private KubernetesCanaryStore store;
    private CanaryEngine engine;
    private TickResult last;

    @Test
    void theFaqCanaryGetsTheFaqsVirtualServiceAndDestinationRules() {
        KubernetesClient k8s = K8S.client();
        Canary canary = IstioFixtures.parse(fixture("faq-frontend-canary.yaml"));

        IstioTrafficRouter.direct(k8s).reconcile(canary);

        GenericKubernetesResource expected = resource(fixture("faq-frontend-virtualservice.yaml"));
        GenericKubernetesResource vs = k8s.genericKubernetesResources(IstioResources.virtualServices()).inNamespace("test")
                .withName("frontend").get();
        assertThat(Trees.normalised(IstioResources.spec(vs))).isEqualTo(Trees.normalised(IstioResources.spec(expected)));
        assertThat(vs.getMetadata().getOwnerReferences()).isEqualTo(expected.getMetadata().getOwnerReferences());
        for (String document : fixture("faq-frontend-destinationrules.yaml").split("\n---\n")) {
            GenericKubernetesResource rule = resource(document);
            GenericKubernetesResource live = k8s.genericKubernetesResources(IstioResources.destinationRules()).inNamespace("test")
                    .withName(rule.getMetadata().getName()).get();
            assertThat(Trees.normalised(IstioResources.spec(live))).as(rule.getMetadata().getName())
                    .isEqualTo(Trees.normalised(IstioResources.spec(rule)));
        }
    }

    @Test
    void theFaqDelegationCanaryGetsADelegateVirtualService() {
        KubernetesClient k8s = K8S.client();
        Canary canary = IstioFixtures.parse(fixture("faq-delegation-canary.yaml"));

        IstioTrafficRouter.direct(k8s).reconcile(canary);

        GenericKubernetesResource expected = resource(fixture("faq-delegation-virtualservice.yaml"));
        GenericKubernetesResource vs = k8s.genericKubernetesResources(IstioResources.virtualServices()).inNamespace("test")
                .withName("podinfo").get();
        assertThat(Trees.normalised(IstioResources.spec(vs))).isEqualTo(Trees.normalised(IstioResources.spec(expected)));
        assertThat(vs.getMetadata().getOwnerReferences()).isEqualTo(expected.getMetadata().getOwnerReferences());
    }

    @Test
    void anAbTestingRunRoutesTheMatchingRequestsToTheCanaryInFlaggersShape() {
        start("ab-testing-canary.yaml");
        runUntil(s -> s.iterations() >= 1, 4);

        assertShape("ab-testing-virtualservice.yaml", "", "");
        assertThat(timeline).contains("Progressing 0/100");

        runUntil(s -> s.phase() == CanaryPhase.SUCCEEDED, 16);
        List<java.util.Map<String, Object>> http = IstioFixtures.http(vs());
        assertThat(IstioFixtures.weights(http.get(0))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(IstioFixtures.weights(http.get(1))).containsExactly("podinfo-primary=100");
    }

    @Test
    void aBlueGreenMirroringRunMirrorsToTheCanaryInFlaggersShape() {
        start("mirroring-canary.yaml");
        runUntil(s -> s.iterations() >= 1, 4);

        assertShape("mirroring-virtualservice.yaml", "", "");
        assertThat(IstioTrafficRouter.direct(client).routes(store.canary(NS, "podinfo").orElseThrow()))
                .isEqualTo(new Routes(100, 0, true));

        runUntil(s -> s.phase() == CanaryPhase.SUCCEEDED, 12);
        assertThat(timeline).as("mirrored, then all traffic to the canary, then back to the promoted primary")
                .containsSubsequence("Progressing 100/0 mirrored", "Progressing 0/100", "Succeeded 100/0");
        assertThat(IstioFixtures.http(vs()).get(0)).doesNotContainKey("mirror");
    }

    @Test
    void aSessionAffinityRunSticksSessionsAndExpiresTheCookieInFlaggersShape() {
        start("session-affinity-canary.yaml");
        runUntil(s -> s.canaryWeight() == 10, 4);

        CanaryStatus running = store.canary(NS, "podinfo").orElseThrow().status();
        String canaryCookie = running.sessionAffinityCookie();
        String primaryCookie = running.primarySessionAffinityCookie();
        assertThat(canaryCookie).matches("flagger-cookie=[a-zA-Z]{10}");
        assertThat(primaryCookie).matches("primary-flagger-cookie=[a-zA-Z]{10}");
        assertShape("session-affinity-virtualservice.yaml", canaryCookie, primaryCookie);

        runUntil(s -> s.phase() == CanaryPhase.SUCCEEDED, 12);
        assertThat(store.canary(NS, "podinfo").orElseThrow().status().previousSessionAffinityCookie()).isEqualTo(canaryCookie);
        assertShape("session-affinity-finished-virtualservice.yaml", canaryCookie, primaryCookie);
    }

    // ---- driving -------------------------------------------------------------------------------

    private void start(String canaryFixture) {
        client = K8S.client();
        KubernetesCaches caches = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        store = KubernetesCanaryStore.of(caches);
        engine = IstioRouting.register(CanaryEngine.builder().clock(clock), caches, IstioCaches.direct(client))
                .targetController(DeploymentTargetController.builder(caches).clock(clock).build())
                .store(store).eventSink(KubernetesEventSink.of(caches, clock)).webhookClient(WebhookClient.APPROVE_ALL).build();
        client.apps().deployments().resource(podinfo()).create();
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(IstioFixtures.parse(fixture(canaryFixture)), CanaryApiGroup.FLAGGER)).create();
        runUntil(s -> s.phase() == CanaryPhase.INITIALIZED, 3);
        Deployment d = client.apps().deployments().inNamespace(NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        client.apps().deployments().resource(d).update();
    }

    private void runUntil(Predicate<CanaryStatus> done, int maxTicks) {
        for (int i = 0; i < maxTicks && (last == null || !done.test(last.status())); i++) {
            Canary canary = store.canary(NS, "podinfo").orElseThrow();
            last = engine.tick(canary);
            if (last.statusChanged()) {
                store.updateStatus(canary, last.status());
            }
            for (String name : new String[] {"podinfo", "podinfo-primary"}) {
                if (client.apps().deployments().inNamespace(NS).withName(name).get() != null) {
                    markReady(name);
                }
            }
            GenericKubernetesResource vs = vs();
            String split = "no VirtualService";
            if (vs != null) {
                Routes routes = IstioTrafficRouter.split(vs, canary).orElseThrow();
                split = routes.primaryWeight() + "/" + routes.canaryWeight() + (routes.mirrored() ? " mirrored" : "");
            }
            timeline.add(last.status().phase().wireName() + " " + split);
            clock.add(Duration.ofSeconds(10));
        }
        assertThat(last.status()).as("%s", timeline).matches(done);
    }

    /** The VirtualService is the fixture's, with the page's cookie values replaced by the run's. */
    private void assertShape(String fixture, String canaryCookie, String primaryCookie) {
        String text = fixture(fixture);
        if (!canaryCookie.isEmpty()) {
            text = text.replace("LpsIaLdoNZ", canaryCookie.substring(canaryCookie.indexOf('=') + 1))
                    .replace("ApvLdqCoMF", primaryCookie.substring(primaryCookie.indexOf('=') + 1));
        }
        GenericKubernetesResource expected = resource(text);
        GenericKubernetesResource live = vs();
        assertThat(Trees.normalised(IstioResources.spec(live))).as("%s after %s", fixture, timeline)
                .isEqualTo(Trees.normalised(IstioResources.spec(expected)));
        assertThat(IstioValidation.violations(live)).isEmpty();
    }

    private GenericKubernetesResource vs() {
        return client.genericKubernetesResources(IstioResources.virtualServices()).inNamespace(NS).withName("podinfo").get();
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

    private static GenericKubernetesResource resource(String yaml) {
        return JSON.unmarshal(yaml, GenericKubernetesResource.class);
    }

    static String fixture(String name) {
        try (InputStream in = FlaggerShapesTest.class.getResourceAsStream("/flagger/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
