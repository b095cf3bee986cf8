package io.canarykit.knative;

import static io.canarykit.knative.KnativeFixtures.NS;
import static io.canarykit.knative.KnativeFixtures.annotations;
import static io.canarykit.knative.KnativeFixtures.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.BackendException;
import io.canarykit.api.ConflictException;
import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.InformerObjectCache;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flagger's {@code pkg/router/knative_test.go} cases and CanaryKit's write budget, on the CRUD mock. */
class KnativeTrafficRouterTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    private static final String SERVICE_PATH = "/apis/serving.knative.dev/v1/namespaces/test/services/podinfo";

    private KubernetesClient client;
    private KnativeTrafficRouter router;
    private final Canary canary = KnativeFixtures.canary();

    @BeforeEach
    void setUp() {
        client = K8S.client();
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(KnativeFixtures.service()).create();
        new FakeKnativeServing(client, MutableClock.atEpochOfTests()).reconcile(NS, "podinfo");
        router = KnativeTrafficRouter.direct(client);
    }

    /** TestKnativeRouter_Reconcile; CanaryKit also writes the initial block in the same patch (Flagger's Initialize). */
    @Test
    void reconcileMakesTheLatestRevisionThePrimaryWithAllTraffic() {
        router.reconcile(canary);

        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(traffic(client)).containsExactly(
                Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    /** TestKnativeRouter_SetRoutes: an error without the annotation, then the canary on the latest revision. */
    @Test
    void setRoutesNeedsTheAnnotationThenWritesLatestAndPrimaryByRevision() {
        assertThatThrownBy(() -> router.setRoutes(canary, new Routes(10, 90, false))).isInstanceOf(BackendException.class)
                .hasMessageContaining("annotation flagger.app/primary-revision not found");

        router.reconcile(canary);
        router.setRoutes(canary, new Routes(10, 90, false));

        List<Map<String, Object>> traffic = traffic(client);
        assertThat(traffic).hasSize(2);
        assertThat(traffic.get(0)).containsEntry("latestRevision", true).containsEntry("percent", 90);
        assertThat(traffic.get(1)).containsEntry("revisionName", "podinfo-00001").containsEntry("percent", 10);
    }

    /** TestKnativeRouter_GetRoutes, read from spec.traffic (Flagger reads status.traffic). */
    @Test
    void routesNeedTheAnnotationThenReadTheBlockBack() {
        assertThatThrownBy(() -> router.routes(canary)).isInstanceOf(BackendException.class)
                .hasMessageContaining("annotation flagger.app/primary-revision not found");

        router.reconcile(canary);
        router.setRoutes(canary, new Routes(10, 90, false));

        assertThat(router.routes(canary)).isEqualTo(new Routes(10, 90, false));
    }

    @Test
    void routesRefuseABlockOfAnotherShape() {
        router.reconcile(canary);
        editTraffic(List.of(Map.of("latestRevision", true, "percent", 50), Map.of("revisionName", "podinfo-00001", "percent", 30),
                Map.of("revisionName", "other", "percent", 20)));

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOf(BackendException.class)
                .hasMessageContaining("traffic spec invalid");
    }

    @Test
    void aWeightStepIsOnePatchAndNoGetFromAWarmInformer() {
        router.reconcile(canary);
        InformerObjectCache<GenericKubernetesResource> cache = KnativeServices.informing(client, NS);
        try {
            KnativeTrafficRouter informed = KnativeTrafficRouter.of(client, cache);
            awaitInSync(cache);
            K8S.requests().clear();

            informed.setRoutes(canary, Routes.canaryWeight(10));

            RequestCounts step = K8S.requests().drain().withoutWatches();
            assertThat(step.byPath()).as("one PATCH, the Service read from the informer").containsExactly(Map.entry("PATCH " + SERVICE_PATH, 1));
            assertThat(traffic(client).get(0)).containsEntry("percent", 10);

            awaitInSync(cache);
            K8S.requests().clear();
            informed.setRoutes(canary, Routes.canaryWeight(10));
            assertThat(informed.routes(canary)).isEqualTo(Routes.canaryWeight(10));
            assertThat(K8S.requests().drain().withoutWatches().total()).as("the split in force: nothing sent").isZero();
        } finally {
            cache.informer().close();
        }
    }

    @Test
    void aStaleReadReReadsOnceAndRetriesOnce() {
        router.reconcile(canary);
        GenericKubernetesResource stale = KnativeFixtures.get(client);
        router.setRoutes(canary, Routes.canaryWeight(20));
        KnativeTrafficRouter behind = KnativeTrafficRouter.of(client, new StaleCache(stale, KnativeServices.direct(client)));
        // The mock never answers a JSON Patch whose test fails: script the 422 a real API server sends.
        failNextPatches(1);
        K8S.requests().clear();

        behind.setRoutes(canary, Routes.canaryWeight(30));

        assertThat(K8S.requests().drain().withoutWatches().requests()).extracting(r -> r.method() + " " + r.path())
                .as("the patch tested the old block and failed, the Service was read afresh, the patch sent again")
                .containsExactly("PATCH " + SERVICE_PATH, "GET " + SERVICE_PATH, "PATCH " + SERVICE_PATH);
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(30));
    }

    @Test
    void aSecondStaleReadFailsTheWriteWithoutOverwritingAnything() {
        router.reconcile(canary);
        GenericKubernetesResource stale = KnativeFixtures.get(client);
        router.setRoutes(canary, Routes.canaryWeight(20));
        KnativeTrafficRouter behind = KnativeTrafficRouter.of(client, new StaleCache(stale, new StaleCache(stale, null)));
        failNextPatches(2);

        assertThatThrownBy(() -> behind.setRoutes(canary, Routes.canaryWeight(30))).isInstanceOf(BackendException.class)
                .isNotInstanceOf(ConflictException.class).hasMessageContaining("set routes (Knative Service podinfo.test)")
                .hasMessageContaining("HTTP 422");
        assertThat(router.routes(canary)).as("nothing overwritten").isEqualTo(Routes.canaryWeight(20));
    }

    @Test
    void reconcileRepairsAMissingAnnotationFromThePinnedRevisionAndAForeignBlockFromTheStatus() {
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(30));
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").edit(s -> {
            s.getMetadata().getAnnotations().remove("flagger.app/primary-revision");
            return s;
        });
        Canary progressing = at(CanaryPhase.PROGRESSING, 30);

        router.reconcile(progressing);
        assertThat(annotations(client)).as("the revision the block pins").containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(router.routes(progressing)).as("reconcile kept the weights").isEqualTo(Routes.canaryWeight(30));

        editTraffic(List.of(Map.of("latestRevision", true, "percent", 100)));
        router.reconcile(progressing);
        assertThat(router.routes(progressing)).as("the split of the status").isEqualTo(Routes.canaryWeight(30));
    }

    @Test
    void reconcileWhileInitializingOverwritesAnOldPrimaryOtherwiseKeepsIt() {
        router.reconcile(canary);
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").edit(s -> {
            s.getMetadata().getAnnotations().put("flagger.app/primary-revision", "podinfo-00000");
            return s;
        });
        editTraffic(List.of(Map.of("latestRevision", true, "percent", 0), Map.of("revisionName", "podinfo-00000", "percent", 100)));

        router.reconcile(at(CanaryPhase.SUCCEEDED, 0));
        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00000");

        new FakeKnativeServing(client, MutableClock.atEpochOfTests()).reconcile(NS, "podinfo");
        router.reconcile(at(CanaryPhase.INITIALIZING, 0));
        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void reconcileWaitsForAFirstRevision() {
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").delete();
        GenericKubernetesResource fresh = KnativeFixtures.service();
        fresh.getMetadata().setName("podinfo");
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(fresh).create();

        assertThatThrownBy(() -> router.reconcile(canary)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.retryable()).isTrue()).hasMessageContaining("has no revision yet");
    }

    @Test
    void revertRemovesTheAnnotationAndSendsAllTrafficToTheLatestRevision() {
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(40));

        router.revert(canary);

        assertThat(annotations(client)).doesNotContainKey("flagger.app/primary-revision");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 100));
    }

    @Test
    void revertOfAMissingServiceDoesNothing() {
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").delete();
        K8S.requests().clear();

        router.revert(canary);

        assertThat(K8S.requests().drain().withoutWatches().writes()).isZero();
    }

    @Test
    void whatKnativeCannotExpressIsRefusedWithItsFieldPath() {
        Canary ab = variant("""
                    iterations: 10
                    match:
                      - headers:
                          x-canary:
                            exact: insider
                    mirror: true
                    sessionAffinity:
                      cookieName: flagger-cookie
                """);

        assertThatThrownBy(() -> router.reconcile(ab)).isInstanceOfSatisfying(InvalidCanarySpecException.class,
                e -> assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                        .containsExactly("spec.analysis.match", "spec.analysis.mirror", "spec.analysis.sessionAffinity"));
        assertThatThrownBy(() -> router.setRoutes(canary, new Routes(100, 0, true))).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageStartingWith("spec.analysis.mirror");
    }

    private Canary at(CanaryPhase phase, int weight) {
        return canary.withStatus(canary.status().toBuilder().phase(phase).canaryWeight(weight).build());
    }

    private static Canary variant(String analysisLines) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: test
                spec:
                  provider: knative
                  targetRef:
                    apiVersion: serving.knative.dev/v1
                    kind: Service
                    name: podinfo
                  analysis:
                    interval: 15s
                    threshold: 5
                %s
                """.formatted(analysisLines), "variant").resourcesOrThrow().get(0);
    }

    private static void failNextPatches(int times) {
        K8S.server().expect().patch().withPath(SERVICE_PATH)
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\",\"message\":\"test failed\"}")
                .times(times);
    }

    private void editTraffic(List<Map<String, Object>> traffic) {
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").edit(s -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) s.getAdditionalProperties().get("spec");
            spec.put("traffic", traffic);
            return s;
        });
    }

    private void awaitInSync(InformerObjectCache<GenericKubernetesResource> cache) {
        await().until(() -> Objects.equals(cache.get(NS, "podinfo").map(s -> s.getMetadata().getResourceVersion()).orElse(null),
                KnativeFixtures.get(client).getMetadata().getResourceVersion()));
    }

    /** A cache that is behind: it answers {@code stale}; fresh reads go to {@code fresh} (or stay stale when null). */
    private static final class StaleCache implements ObjectCache<GenericKubernetesResource> {

        private final GenericKubernetesResource stale;
        private final ObjectCache<GenericKubernetesResource> fresh;

        StaleCache(GenericKubernetesResource stale, ObjectCache<GenericKubernetesResource> fresh) {
            this.stale = stale;
            this.fresh = fresh == null ? this : fresh;
        }

        @Override
        public Optional<GenericKubernetesResource> get(String namespace, String name) {
            return Optional.of(KnativeFixtures.SERIALIZATION.clone(stale));
        }

        @Override
        public Optional<GenericKubernetesResource> fresh(String namespace, String name) {
            return fresh == this ? get(namespace, name) : fresh.fresh(namespace, name);
        }
    }
}
