package io.canarykit.linkerd;

import static io.canarykit.linkerd.SmiFixtures.NS;
import static io.canarykit.linkerd.SmiFixtures.canary;
import static io.canarykit.linkerd.SmiFixtures.spec;
import static io.canarykit.linkerd.SmiFixtures.split;
import static io.canarykit.linkerd.SmiFixtures.weight;
import static io.canarykit.linkerd.SmiFixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.BackendException;
import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Flagger's smi_test.go, smi_v1alpha2_test.go and smi_v1alpha3_test.go cases and CanaryKit's write budget, on the CRUD mock. */
class SmiTrafficRouterTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(SmiFixtures.crds());

    private static final String WEIGHTED = "    maxWeight: 50\n    stepWeight: 10";

    private KubernetesClient client;

    @BeforeEach
    void setUp() {
        client = K8S.client();
    }

    private static String path(SmiVersion version, String name) {
        return "/apis/split.smi-spec.io/" + version.version() + "/namespaces/default/trafficsplits/" + name;
    }

    /** TestSmiRouter_Sync and its v1alpha2/v1alpha3 twins: insert, then a renamed apex gets a split of its own. */
    @ParameterizedTest
    @ValueSource(strings = {"linkerd", "smi:v1alpha1", "osm", "smi:v1alpha2", "smi:v1alpha3:kuma"})
    void reconcileCreatesTheSplitCanaryThenPrimaryInTheVersionsEncoding(String id) {
        SmiProvider provider = SmiProvider.parse(id);
        SmiVersion version = provider.version();
        Canary canary = canary(id, WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, provider);

        router.reconcile(canary);

        GenericKubernetesResource ts = split(client, version);
        assertThat(ts.getApiVersion()).isEqualTo(version.apiVersion());
        assertThat(ts.getKind()).isEqualTo("TrafficSplit");
        assertThat(spec(ts)).containsEntry("service", "podinfo");
        assertThat(weights(ts)).containsExactly(Map.entry("podinfo-canary", weight(version, 0)),
                Map.entry("podinfo-primary", weight(version, 100)));
        assertThat(ts.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Canary");
            assertThat(o.getName()).isEqualTo("podinfo");
            assertThat(o.getController()).isTrue();
        });
        assertThat(ts.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);

        Canary renamed = canary(id, "    name: test", WEIGHTED);
        router.reconcile(renamed);

        assertThat(spec(split(client, version, NS, "test"))).containsEntry("service", "test");
        assertThat(weights(split(client, version, NS, "test"))).containsOnlyKeys("test-canary", "test-primary");
    }

    /** TestSmiRouter_SetRoutes and GetRoutes, and the steps of an analysis after them. */
    @ParameterizedTest
    @ValueSource(strings = {"linkerd", "osm", "smi:v1alpha3"})
    void setRoutesWritesBothWeightsAndRoutesReadsThemBack(String id) {
        SmiProvider provider = SmiProvider.parse(id);
        Canary canary = canary(id, WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, provider);
        router.reconcile(canary);

        for (int w : new int[] {50, 10, 20, 100, 0}) {
            router.setRoutes(canary, Routes.canaryWeight(w));

            assertThat(weights(split(client, provider.version()))).containsExactly(
                    Map.entry("podinfo-canary", weight(provider.version(), w)),
                    Map.entry("podinfo-primary", weight(provider.version(), 100 - w)));
            assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(w));
        }
    }

    @Test
    void theFirstHostIsTheSplitsServiceAndIstioGetsTheGatewaysAnnotation() {
        Canary canary = canary("smi:v1alpha1:istio", "    hosts: [podinfo.example.com, x]\n    gateways: [public-gateway, mesh]",
                WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.parse("smi:v1alpha1:istio"));

        router.reconcile(canary);

        GenericKubernetesResource ts = split(client, SmiVersion.V1ALPHA1);
        assertThat(spec(ts)).containsEntry("service", "podinfo.example.com");
        assertThat(ts.getMetadata().getAnnotations()).containsExactly(
                Map.entry("VirtualService.v1alpha3.networking.istio.io/spec.gateways", "[\"public-gateway\",\"mesh\"]"));
        assertThat(ts.getMetadata().getName()).as("named after the apex Service, not the host").isEqualTo("podinfo");
    }

    @Test
    void gatewaysAreNoAnnotationForOtherMeshes() {
        Canary canary = canary("linkerd", "    gateways: [public-gateway]", WEIGHTED);

        SmiTrafficRouter.direct(client, SmiProvider.LINKERD).reconcile(canary);

        assertThat(split(client, SmiVersion.V1ALPHA1).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aWeightStepIsOneJsonPatchAndNoGetOnceTheCacheIsWarm() {
        Canary canary = canary("linkerd", WEIGHTED);
        InformerObjectCache<GenericKubernetesResource> cache = TrafficSplitCaches.informing(client, SmiVersion.V1ALPHA1, NS);
        try {
            SmiTrafficRouter router = SmiTrafficRouter.of(client, cache, SmiProvider.LINKERD);
            router.reconcile(canary);
            awaitCached(cache, SmiVersion.V1ALPHA1);
            K8S.requests().clear();

            router.setRoutes(canary, Routes.canaryWeight(10));
            RequestCounts step = K8S.requests().drain().withoutWatches();
            awaitCached(cache, SmiVersion.V1ALPHA1);
            K8S.requests().clear();
            router.setRoutes(canary, Routes.canaryWeight(10));
            router.reconcile(canary);
            Routes read = router.routes(canary);
            RequestCounts repeat = K8S.requests().drain().withoutWatches();

            assertThat(step.byPath()).as("%s", step).isEqualTo(Map.of("PATCH " + path(SmiVersion.V1ALPHA1, "podinfo"), 1));
            assertThat(repeat.total()).as("a repeated step, a reconcile without drift and a read: %s", repeat).isZero();
            assertThat(read).isEqualTo(Routes.canaryWeight(10));
            assertThat(weights(split(client, SmiVersion.V1ALPHA1))).containsExactly(Map.entry("podinfo-canary", "10"),
                    Map.entry("podinfo-primary", "90"));
        } finally {
            cache.informer().close();
        }
    }

    @Test
    void aPatchOnAStaleReadIsRecomputedOnAFreshOne() {
        Canary canary = canary("osm", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.OSM);
        router.reconcile(canary);
        GenericKubernetesResource stale = split(client, SmiVersion.V1ALPHA2);
        router.setRoutes(canary, Routes.canaryWeight(30));
        SmiTrafficRouter lagging = SmiTrafficRouter.of(client, new StaleCache(stale, client, SmiVersion.V1ALPHA2), SmiProvider.OSM);
        // What a real API server answers to the stale read's failed test op, scripted on the mock.
        K8S.server().expect().patch().withPath(path(SmiVersion.V1ALPHA2, "podinfo"))
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\"}").once();
        K8S.requests().clear();

        lagging.setRoutes(canary, Routes.canaryWeight(40));

        RequestCounts requests = K8S.requests().drain();
        assertThat(weights(split(client, SmiVersion.V1ALPHA2))).containsExactly(Map.entry("podinfo-canary", 40),
                Map.entry("podinfo-primary", 60));
        assertThat(requests.byPath()).as("the refused patch, one fresh read and one patch on it: %s", requests)
                .isEqualTo(Map.of("PATCH " + path(SmiVersion.V1ALPHA2, "podinfo"), 2, "GET " + path(SmiVersion.V1ALPHA2, "podinfo"), 1));
    }

    @Test
    void aSecondConflictIsReportedNotRetriedAgain() {
        Canary canary = canary("osm", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.OSM);
        router.reconcile(canary);
        K8S.server().expect().patch().withPath(path(SmiVersion.V1ALPHA2, "podinfo"))
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").times(2);
        K8S.requests().clear();

        assertThatThrownBy(() -> router.setRoutes(canary, Routes.canaryWeight(10))).isInstanceOf(io.canarykit.api.ConflictException.class)
                .hasMessageStartingWith("update TrafficSplit podinfo.default failed: HTTP 409");
        assertThat(K8S.requests().drain().byPath()).containsEntry("PATCH " + path(SmiVersion.V1ALPHA2, "podinfo"), 2);
        assertThat(weights(split(client, SmiVersion.V1ALPHA2))).containsEntry("podinfo-canary", 0);
    }

    @Test
    void reconcileRepairsDriftInTheBackendsAndKeepsTheSplitInForce() {
        Canary canary = canary("linkerd", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(20));
        GenericKubernetesResource edited = split(client, SmiVersion.V1ALPHA1);
        spec(edited).put("service", "elsewhere");
        spec(edited).put("backends", List.of(Map.of("service", "podinfo-primary", "weight", "80"),
                Map.of("service", "podinfo-canary", "weight", "20"), Map.of("service", "legacy", "weight", "5")));
        client.genericKubernetesResources(SmiVersion.V1ALPHA1.trafficSplits()).inNamespace(NS).resource(edited).update();
        K8S.requests().clear();

        router.reconcile(canary);

        Map<String, Integer> requests = K8S.requests().drain().byPath();
        GenericKubernetesResource repaired = split(client, SmiVersion.V1ALPHA1);
        assertThat(requests).containsEntry("PUT " + path(SmiVersion.V1ALPHA1, "podinfo"), 1);
        assertThat(spec(repaired)).containsEntry("service", "podinfo");
        assertThat(weights(repaired)).as("the stray backend is dropped, the analysis' weights kept")
                .containsExactly(Map.entry("podinfo-canary", "20"), Map.entry("podinfo-primary", "80"));
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(20));
    }

    @Test
    void reconcileKeepsAFlaggerSplitAsItIs() {
        Canary canary = canary("linkerd", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(30));
        K8S.requests().clear();

        router.reconcile(canary);

        assertThat(K8S.requests().drain().byPath()).as("one GET, no write").containsOnlyKeys("GET " + path(SmiVersion.V1ALPHA1, "podinfo"));
    }

    @Test
    void aHandWrittenSplitReadsAsTheShareTheMeshSendsAndTheNextStepRewritesIt() {
        Canary canary = canary("linkerd", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        router.reconcile(canary);
        GenericKubernetesResource edited = split(client, SmiVersion.V1ALPHA1);
        spec(edited).put("backends", List.of(Map.of("service", "podinfo-canary", "weight", "100m"),
                Map.of("service", "podinfo-primary", "weight", "900m")));
        client.genericKubernetesResources(SmiVersion.V1ALPHA1.trafficSplits()).inNamespace(NS).resource(edited).update();

        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(10));

        router.setRoutes(canary, Routes.canaryWeight(20));

        assertThat(weights(split(client, SmiVersion.V1ALPHA1))).containsExactly(Map.entry("podinfo-canary", "20"),
                Map.entry("podinfo-primary", "80"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"linkerd", "osm"})
    void toolsReadTheBackendsWeightsInEitherEncoding(String id) {
        SmiProvider provider = SmiProvider.parse(id);
        Canary canary = canary(id, WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, provider);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(30));

        assertThat(TrafficSplits.weights(split(client, provider.version()))).containsExactly(Map.entry("podinfo-canary", 30),
                Map.entry("podinfo-primary", 70));
    }

    @Test
    void routesHoldTheTickWhileTheSplitIsMissingOrRoutesNeitherService() {
        Canary canary = canary("linkerd", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("TrafficSplit podinfo.default not found");
        });

        router.reconcile(canary);
        GenericKubernetesResource edited = split(client, SmiVersion.V1ALPHA1);
        spec(edited).put("backends", List.of(Map.of("service", "other", "weight", "100")));
        client.genericKubernetesResources(SmiVersion.V1ALPHA1.trafficSplits()).inNamespace(NS).resource(edited).update();

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("TrafficSplit podinfo.default does not contain routes for podinfo-primary and podinfo-canary");
        });
    }

    @Test
    void setRoutesCreatesAMissingSplitWithTheWantedWeights() {
        Canary canary = canary("smi:v1alpha3", WEIGHTED);

        SmiTrafficRouter.direct(client, SmiProvider.parse("smi:v1alpha3")).setRoutes(canary, Routes.canaryWeight(40));

        assertThat(weights(split(client, SmiVersion.V1ALPHA3))).containsExactly(Map.entry("podinfo-canary", 40),
                Map.entry("podinfo-primary", 60));
    }

    @Test
    void blueGreenMirroringWritesTheWeightsAndNeverReadsAsMirrored() {
        Canary canary = canary("linkerd", "    iterations: 5\n    mirror: true");
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(100, 0, true));

        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
        router.setRoutes(canary, Routes.CANARY_ONLY);
        assertThat(router.routes(canary)).isEqualTo(Routes.CANARY_ONLY);
    }

    @Test
    void whatASplitCannotExpressIsRefusedBeforeAnyWrite() {
        Canary ab = canary("linkerd", "    iterations: 10\n    match:\n      - headers: {x-canary: {exact: insider}}");
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        K8S.requests().clear();

        assertThatThrownBy(() -> router.reconcile(ab)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageStartingWith("spec.analysis.match: request matching is not supported by provider linkerd");
        assertThatThrownBy(() -> router.setRoutes(ab, Routes.CANARY_ONLY)).isInstanceOf(InvalidCanarySpecException.class);
        assertThat(K8S.requests().drain().total()).as("nothing read, nothing written").isZero();
        assertThat(split(client, SmiVersion.V1ALPHA1)).isNull();
    }

    @Test
    void aSpecThatTurnedUnroutableMidAnalysisCanStillSendEverythingBackToThePrimary() {
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        Canary weighted = canary("linkerd", WEIGHTED);
        router.reconcile(weighted);
        router.setRoutes(weighted, Routes.canaryWeight(30));
        Canary edited = canary("linkerd", WEIGHTED + "\n    sessionAffinity: {cookieName: flagger-cookie}");

        assertThatThrownBy(() -> router.reconcile(edited)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageStartingWith("spec.analysis.sessionAffinity: session affinity is not supported by provider linkerd");
        assertThatThrownBy(() -> router.setRoutes(edited, Routes.canaryWeight(40))).isInstanceOf(InvalidCanarySpecException.class);
        assertThat(router.routes(edited)).as("refused before any write").isEqualTo(Routes.canaryWeight(30));

        router.setRoutes(edited, Routes.PRIMARY_ONLY);

        assertThat(router.routes(edited)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void revertDeletesTheOwnedSplitOnly() {
        Canary canary = canary("linkerd", WEIGHTED);
        SmiTrafficRouter router = SmiTrafficRouter.direct(client, SmiProvider.LINKERD);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));

        router.revert(canary);

        assertThat(split(client, SmiVersion.V1ALPHA1)).isNull();
    }

    @Test
    void revertLeavesASplitItDoesNotOwn() {
        GenericKubernetesResource foreign = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion("split.smi-spec.io/v1alpha1").withKind("TrafficSplit")
                .withNewMetadata().withName("podinfo").withNamespace(NS).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("service", "podinfo", "backends",
                        List.of(Map.of("service", "podinfo-primary", "weight", "100"))))).build();
        client.genericKubernetesResources(SmiVersion.V1ALPHA1.trafficSplits()).inNamespace(NS).resource(foreign).create();

        SmiTrafficRouter.direct(client, SmiProvider.LINKERD).revert(canary("linkerd", WEIGHTED));

        assertThat(split(client, SmiVersion.V1ALPHA1)).isNotNull();
    }

    private void awaitCached(InformerObjectCache<GenericKubernetesResource> cache, SmiVersion version) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            GenericKubernetesResource server = split(client, version);
            Optional<GenericKubernetesResource> cached = cache.get(NS, "podinfo");
            return cached.isPresent() && Objects.equals(cached.get().getMetadata().getResourceVersion(),
                    server.getMetadata().getResourceVersion());
        });
    }

    /** A cache that still holds an old copy of the split; fresh reads go to the server. */
    private static final class StaleCache implements ObjectCache<GenericKubernetesResource> {
        private final GenericKubernetesResource stale;
        private final ObjectCache<GenericKubernetesResource> direct;

        StaleCache(GenericKubernetesResource stale, KubernetesClient client, SmiVersion version) {
            this.stale = stale;
            this.direct = TrafficSplitCaches.direct(client, version);
        }

        @Override
        public Optional<GenericKubernetesResource> get(String namespace, String name) {
            return name.equals(stale.getMetadata().getName()) ? Optional.of(stale) : direct.get(namespace, name);
        }

        @Override
        public Optional<GenericKubernetesResource> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }
}
