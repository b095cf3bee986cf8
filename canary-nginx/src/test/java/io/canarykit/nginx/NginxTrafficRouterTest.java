package io.canarykit.nginx;

import static io.canarykit.nginx.NginxFixtures.NS;
import static io.canarykit.nginx.NginxFixtures.canary;
import static io.canarykit.nginx.NginxFixtures.canaryIngress;
import static io.canarykit.nginx.NginxFixtures.routing;
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
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Flagger's ingress_test.go cases and CanaryKit's write budget, on the CRUD mock. */
class NginxTrafficRouterTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String CANARY_PATH = "/apis/networking.k8s.io/v1/namespaces/default/ingresses/podinfo-canary";
    private static final String USER_PATH = "/apis/networking.k8s.io/v1/namespaces/default/ingresses/podinfo";

    private KubernetesClient client;
    private NginxTrafficRouter router;
    private Ingress user;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = NginxTrafficRouter.direct(client);
        user = client.resource(NginxFixtures.userIngress()).create();
    }

    @Test
    void reconcileCreatesTheCanaryIngressACopyOfRulesHostsAndTlsRoutingToTheCanaryService() {
        Canary canary = canary("");

        router.reconcile(canary);

        Ingress copy = canaryIngress(client);
        assertThat(copy.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(copy.getSpec().getTls()).isEqualTo(user.getSpec().getTls());
        assertThat(copy.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly("app.example.com", "www.example.com");
        assertThat(backends(copy)).containsExactly("/=podinfo-canary:9898", "/static=assets:http", "/=podinfo-canary:9898");
        assertThat(copy.getSpec().getRules().get(1).getHttp().getPaths().get(0).getPathType()).isEqualTo("ImplementationSpecific");
        assertThat(routing(copy)).containsExactlyInAnyOrderEntriesOf(Map.of("canary", "true", "canary-weight", "0"));
        assertThat(copy.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "8m")
                .containsEntry("kustomize.toolkit.fluxcd.io/reconcile", "disabled")
                .containsEntry("helm.toolkit.fluxcd.io/driftDetection", "disabled")
                .doesNotContainKey("kubectl.kubernetes.io/last-applied-configuration");
        assertThat(copy.getMetadata().getLabels()).containsEntry("app", "podinfo");
        assertThat(copy.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Canary");
            assertThat(o.getName()).isEqualTo("podinfo");
            assertThat(o.getController()).isTrue();
        });
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(NginxFixtures.get(client, "podinfo")).as("the user's Ingress is untouched").isEqualTo(user);
    }

    @Test
    void anIngressWithoutThePathToTheApexServiceIsTheUsersMistake() {
        user.getSpec().getRules().forEach(r -> r.getHttp().getPaths().forEach(p -> p.getBackend().getService().setName("other")));
        client.resource(user).update();

        assertThatThrownBy(() -> router.reconcile(canary(""))).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageStartingWith("backend podinfo not found in Ingress podinfo.default");
        assertThat(canaryIngress(client)).isNull();
    }

    @Test
    void aMissingUserIngressHoldsTheTick() {
        client.resource(user).delete();

        assertThatThrownBy(() -> router.reconcile(canary(""))).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("Ingress podinfo.default (spec.ingressRef) not found");
        });
    }

    @Test
    void weightStepsThenPromotionWriteTheWeightAnnotation() {
        Canary canary = canary("    maxWeight: 50\n    stepWeight: 10");
        router.reconcile(canary);

        for (int weight : new int[] {10, 20, 50}) {
            router.setRoutes(canary, Routes.canaryWeight(weight));
            assertThat(routing(canaryIngress(client))).containsEntry("canary-weight", String.valueOf(weight))
                    .containsEntry("canary", "true");
            assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(weight));
        }
        // Promotion (and rollback): all traffic back to the primary, the canary Ingress stays a canary at weight 0.
        router.setRoutes(canary, Routes.PRIMARY_ONLY);

        assertThat(routing(canaryIngress(client))).containsExactlyInAnyOrderEntriesOf(Map.of("canary", "true", "canary-weight", "0"));
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void weightStepIsOneJsonPatchOfTheAnnotationAndNoGetOnceTheCacheIsWarm() {
        Canary canary = canary("");
        InformerObjectCache<Ingress> cache = IngressCaches.informing(client, NS);
        try {
            NginxTrafficRouter informed = NginxTrafficRouter.of(client, cache);
            informed.reconcile(canary);
            awaitCached(cache);
            K8S.requests().clear();

            informed.setRoutes(canary, Routes.canaryWeight(10));
            RequestCounts step = K8S.requests().drain().withoutWatches();
            awaitCached(cache);
            K8S.requests().clear();
            informed.setRoutes(canary, Routes.canaryWeight(10));
            informed.reconcile(canary);
            RequestCounts repeat = K8S.requests().drain().withoutWatches();

            assertThat(step.byPath()).as("%s", step).isEqualTo(Map.of("PATCH " + CANARY_PATH, 1));
            assertThat(repeat.total()).as("a repeated step and a reconcile without drift: %s", repeat).isZero();
            assertThat(routing(canaryIngress(client))).containsEntry("canary-weight", "10");
        } finally {
            cache.informer().close();
        }
    }

    @Test
    void weightPatchOnAStaleReadIsRecomputedOnAFreshOne() {
        Canary canary = canary("");
        router.reconcile(canary);
        Ingress stale = canaryIngress(client);
        router.setRoutes(canary, Routes.canaryWeight(30));
        NginxTrafficRouter lagging = NginxTrafficRouter.of(client, new StaleCache(stale, client));
        // The mock never answers a JSON Patch whose test fails: script the 422 a real API server sends.
        K8S.server().expect().patch().withPath(CANARY_PATH)
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\"}").once();
        K8S.requests().clear();

        lagging.setRoutes(canary, Routes.canaryWeight(40));

        RequestCounts requests = K8S.requests().drain();
        assertThat(routing(canaryIngress(client))).containsEntry("canary-weight", "40");
        assertThat(requests.byPath()).as("the refused patch, one fresh read and one patch on it: %s", requests)
                .isEqualTo(Map.of("PATCH " + CANARY_PATH, 2, "GET " + CANARY_PATH, 1));
    }

    static Stream<Arguments> abMatches() {
        return Stream.of(
                Arguments.of("{headers: {x-user-type: {exact: test}}}",
                        Map.of("canary-by-header", "x-user-type", "canary-by-header-value", "test")),
                Arguments.of("{headers: {x-user-type: {regex: \"^(test|beta)$\"}}}",
                        Map.of("canary-by-header", "x-user-type", "canary-by-header-pattern", "^(test|beta)$")),
                Arguments.of("{headers: {cookie: {exact: canary}}}", Map.of("canary-by-cookie", "canary")),
                Arguments.of("{headers: {x-canary: {exact: insider}}}, {headers: {cookie: {exact: canary}}}",
                        Map.of("canary-by-header", "x-canary", "canary-by-header-value", "insider", "canary-by-cookie", "canary")));
    }

    @ParameterizedTest
    @MethodSource("abMatches")
    void abTestingRoutesTheMatchedRequestsByHeaderOrCookieAndPromotionDropsThem(String match, Map<String, String> keys) {
        Canary canary = canary("    iterations: 5\n    match: [" + match + "]");
        router.reconcile(canary);

        router.setRoutes(canary, Routes.CANARY_ONLY);

        Map<String, String> ab = new java.util.LinkedHashMap<>(keys);
        ab.put("canary", "true");
        ab.put("canary-weight", "0");
        assertThat(routing(canaryIngress(client))).containsExactlyInAnyOrderEntriesOf(ab);
        assertThat(router.routes(canary)).as("Flagger reads an A/B Ingress as all canary").isEqualTo(Routes.CANARY_ONLY);

        router.setRoutes(canary, Routes.PRIMARY_ONLY);

        assertThat(routing(canaryIngress(client))).containsExactlyInAnyOrderEntriesOf(Map.of("canary", "true", "canary-weight", "0"));
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void reconcileRepairsDriftInTheCanaryIngressAndKeepsTheSplitInForce() {
        Canary canary = canary("");
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(20));
        Ingress edited = canaryIngress(client);
        edited.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().setName("podinfo");
        edited.getSpec().setTls(List.of());
        edited.getMetadata().getAnnotations().remove("nginx.ingress.kubernetes.io/canary");
        edited.getMetadata().getAnnotations().remove("nginx.ingress.kubernetes.io/proxy-body-size");
        edited.getMetadata().getAnnotations().put("example.com/foreign", "kept");
        client.resource(edited).update();
        K8S.requests().clear();

        router.reconcile(canary);

        Ingress repaired = canaryIngress(client);
        assertThat(K8S.requests().drain().byPath()).containsEntry("PUT " + CANARY_PATH, 1);
        assertThat(backends(repaired)).containsExactly("/=podinfo-canary:9898", "/static=assets:http", "/=podinfo-canary:9898");
        assertThat(repaired.getSpec().getTls()).isEqualTo(user.getSpec().getTls());
        assertThat(routing(repaired)).containsExactlyInAnyOrderEntriesOf(Map.of("canary", "true", "canary-weight", "20"));
        assertThat(repaired.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "8m")
                .containsEntry("example.com/foreign", "kept");
    }

    @Test
    void aChangeToTheUsersIngressReachesTheCopyAndTheUsersIngressIsNeverWritten() {
        Canary canary = canary("");
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        user = NginxFixtures.get(client, "podinfo");
        user.getSpec().getRules().get(0).setHost("app.example.org");
        user.getSpec().getTls().get(0).setHosts(List.of("app.example.org"));
        client.resource(user).update();
        K8S.requests().clear();

        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(20));
        router.revert(canary);

        Map<String, Integer> byPath = K8S.requests().drain().byPath();
        assertThat(byPath.keySet().stream().filter(k -> k.endsWith(USER_PATH)))
                .as("the user's Ingress is only read: %s", byPath).allMatch(k -> k.startsWith("GET "));
    }

    @Test
    void revertDeletesTheOwnedCanaryIngressOnlyAndLeavesTheUsersIngress() {
        Canary canary = canary("");
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));

        router.revert(canary);

        assertThat(canaryIngress(client)).isNull();
        assertThat(NginxFixtures.get(client, "podinfo")).isEqualTo(user);
    }

    @Test
    void revertLeavesACanaryIngressItDoesNotOwn() {
        Ingress foreign = NginxFixtures.parse("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: podinfo-canary, namespace: default}
                spec:
                  rules:
                    - http:
                        paths:
                          - {path: /, pathType: Prefix, backend: {service: {name: podinfo-canary, port: {number: 9898}}}}
                """);
        client.resource(foreign).create();

        router.revert(canary(""));

        assertThat(canaryIngress(client)).isNotNull();
    }

    @Test
    void theAnnotationPrefixIsConfigurable() {
        Canary canary = canary("");
        NginxTrafficRouter custom = NginxTrafficRouter.of(client, IngressCaches.direct(client), "custom.ingress.kubernetes.io");

        custom.reconcile(canary);
        custom.setRoutes(canary, Routes.canaryWeight(50));

        assertThat(canaryIngress(client).getMetadata().getAnnotations())
                .containsEntry("custom.ingress.kubernetes.io/canary", "true")
                .containsEntry("custom.ingress.kubernetes.io/canary-weight", "50");
        assertThat(custom.routes(canary)).isEqualTo(Routes.canaryWeight(50));
    }

    private void awaitCached(InformerObjectCache<Ingress> cache) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Ingress server = canaryIngress(client);
            Optional<Ingress> cached = cache.get(NS, "podinfo-canary");
            return cached.isPresent() && Objects.equals(cached.get().getMetadata().getResourceVersion(),
                    server.getMetadata().getResourceVersion())
                    && cache.get(NS, "podinfo").isPresent();
        });
    }

    /** {@code path=service:port} of every path, rule by rule. */
    private static List<String> backends(Ingress ingress) {
        return ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream()).map(NginxTrafficRouterTest::backend)
                .toList();
    }

    private static String backend(HTTPIngressPath path) {
        var service = path.getBackend().getService();
        String port = service.getPort().getNumber() != null ? String.valueOf(service.getPort().getNumber()) : service.getPort().getName();
        return path.getPath() + "=" + service.getName() + ":" + port;
    }

    /** A cache that still holds an old copy of the canary Ingress; fresh reads go to the server. */
    private static final class StaleCache implements ObjectCache<Ingress> {
        private final Ingress stale;
        private final ObjectCache<Ingress> direct;

        StaleCache(Ingress stale, KubernetesClient client) {
            this.stale = stale;
            this.direct = IngressCaches.direct(client);
        }

        @Override
        public Optional<Ingress> get(String namespace, String name) {
            return name.equals(stale.getMetadata().getName()) ? Optional.of(stale) : direct.get(namespace, name);
        }

        @Override
        public Optional<Ingress> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }
}
