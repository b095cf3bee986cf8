package io.canarykit.istio;

import static io.canarykit.istio.IstioFixtures.NS;
import static io.canarykit.istio.IstioFixtures.at;
import static io.canarykit.istio.IstioFixtures.destination;
import static io.canarykit.istio.IstioFixtures.destinationRule;
import static io.canarykit.istio.IstioFixtures.http;
import static io.canarykit.istio.IstioFixtures.spec;
import static io.canarykit.istio.IstioFixtures.virtualService;
import static io.canarykit.istio.IstioFixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.Routes;
import io.canarykit.istio.internal.Trees;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router on the CRUD mock with direct reads, case by case as Flagger's
 * {@code pkg/router/istio_test.go} tests its Istio router. After every write the VirtualService is
 * also checked against the rules Istio's validation webhook enforces ({@link IstioValidation}).
 */
class IstioTrafficRouterTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(IstioCrds.all());

    private static final String VS_PATH = "/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices/podinfo";

    private KubernetesClient client;
    private IstioTrafficRouter router;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = IstioTrafficRouter.direct(client);
    }

    // TestIstioRouter_Sync
    @Test
    void reconcileCreatesOwnedDestinationRulesAndVirtualServiceThenAddsHostsAndUndoesGatewayDrift() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);

        for (String name : List.of("podinfo-canary", "podinfo-primary")) {
            GenericKubernetesResource rule = destinationRule(client, name);
            assertThat(spec(rule)).as(name).isEqualTo(Map.of("host", name));
            assertThat(rule.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Canary");
                assertThat(o.getUid()).isEqualTo(IstioFixtures.UID);
                assertThat(o.getController()).isTrue();
            });
        }
        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(vs.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo("podinfo"));
        assertThat(http(vs)).hasSize(1);
        assertThat(weights(http(vs).get(0))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(spec(vs).get("hosts")).isEqualTo(List.of("podinfo"));
        assertThat(spec(vs).get("gateways")).isEqualTo(List.of("istio/public-gateway", "mesh"));
        assertValid(vs);

        Canary withHost = IstioFixtures.parse("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: default, uid: %s}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
                  service:
                    port: 9898
                    hosts: [test.example.com]
                    gateways: [istio/public-gateway, mesh]
                """.formatted(IstioFixtures.UID));
        router.reconcile(withHost);
        assertThat(spec(virtualService(client, "podinfo")).get("hosts")).isEqualTo(List.of("test.example.com", "podinfo"));

        GenericKubernetesResource drifted = virtualService(client, "podinfo");
        Trees.list(spec(drifted).get("gateways")).add("istio-system/test-gateway");
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(drifted).update();
        assertThat(Trees.list(spec(virtualService(client, "podinfo")).get("gateways"))).hasSize(3);

        router.reconcile(withHost);

        assertThat(spec(virtualService(client, "podinfo")).get("gateways")).isEqualTo(List.of("istio/public-gateway", "mesh"));
    }

    @Test
    void destinationRulesCopyTheTrafficPolicyVerbatimAndKeepFieldsTheyDoNotOwn() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                    trafficPolicy:
                      tls:
                        mode: ISTIO_MUTUAL
                      connectionPool:
                        http:
                          http1MaxPendingRequests: 1024
                      loadBalancer:
                        consistentHash:
                          httpCookie: {name: user, ttl: 0s}
                """);
        router.reconcile(canary);
        Map<String, Object> policy = Trees.map(spec(destinationRule(client, "podinfo-primary")).get("trafficPolicy"));
        assertThat(at(policy, "tls", "mode")).isEqualTo("ISTIO_MUTUAL");
        assertThat(at(policy, "connectionPool", "http", "http1MaxPendingRequests")).isEqualTo(1024);
        assertThat(at(policy, "loadBalancer", "consistentHash", "httpCookie", "name")).isEqualTo("user");

        GenericKubernetesResource rule = destinationRule(client, "podinfo-canary");
        spec(rule).put("exportTo", List.of("."));
        Trees.map(Trees.map(spec(rule).get("trafficPolicy")).get("tls")).put("mode", "DISABLE");
        client.genericKubernetesResources(IstioResources.destinationRules()).resource(rule).update();

        router.reconcile(canary);

        Map<String, Object> repaired = spec(destinationRule(client, "podinfo-canary"));
        assertThat(at(repaired, "trafficPolicy", "tls", "mode")).as("drift repaired").isEqualTo("ISTIO_MUTUAL");
        assertThat(repaired.get("exportTo")).as("a field the router does not own is kept").isEqualTo(List.of("."));
    }

    // TestIstioRouter_SetRoutes "normal"
    @Test
    void setRoutesWritesTheWeightsAndReadsThemBackWithoutMirror() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(60, 40, false));

        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(weights(http(vs).get(0))).containsExactly("podinfo-primary=60", "podinfo-canary=40");
        assertThat(http(vs).get(0)).doesNotContainKey("mirror");
        assertThat(router.routes(canary)).isEqualTo(new Routes(60, 40, false));
        assertValid(vs);
    }

    @Test
    void aWeightStepIsOneJsonPatchThatTestsTheOldWeights() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        K8S.requests().clear();

        router.setRoutes(canary, Routes.canaryWeight(20));

        var requests = K8S.requests().drain();
        assertThat(requests.requests()).extracting(r -> r.method()).as("the direct cache's read, then one PATCH")
                .containsExactly("GET", "PATCH");
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(20));

        K8S.requests().clear();
        router.setRoutes(canary, Routes.canaryWeight(20));
        assertThat(K8S.requests().drain().writes()).as("the split in force: nothing to write").isZero();
    }

    @Test
    void aStepComputedOnAStaleReadIsRetriedOnceOnAFreshRead() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        GenericKubernetesResource stale = virtualService(client, "podinfo");
        // Someone else moves the weights after the cache's copy was taken.
        IstioTrafficRouter.direct(client).setRoutes(canary, Routes.canaryWeight(30));
        // The mock never answers a JSON Patch whose test fails: script the 422 a real API server sends.
        K8S.server().expect().patch().withPath(VS_PATH)
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\"}").once();
        IstioTrafficRouter cached = IstioTrafficRouter.of(client, new IstioCaches(new StaleFirst(stale, IstioCaches.direct(client,
                IstioResources.virtualServices())), IstioCaches.direct(client, IstioResources.destinationRules())));
        K8S.requests().clear();

        cached.setRoutes(canary, Routes.canaryWeight(20));

        var requests = K8S.requests().drain();
        assertThat(requests.requests()).extracting(r -> r.method()).as("%s", requests).containsExactly("PATCH", "GET", "PATCH");
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(20));
    }

    @Test
    void aSecondConflictIsReportedAsABackendFailureNotRetriedForever() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        K8S.server().expect().patch().withPath(VS_PATH)
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").always();
        K8S.requests().clear();

        assertThatThrownBy(() -> router.setRoutes(canary, Routes.canaryWeight(20))).isInstanceOf(BackendException.class)
                .hasMessageContaining("update VirtualService podinfo.default");
        assertThat(K8S.requests().drain().count("PATCH")).isEqualTo(2);
    }

    // TestIstioRouter_SetRoutes "mirror"
    @Test
    void mirroringSetsTheCanaryAsMirrorWithTheMirrorWeightAsPercentage() {
        for (int w : new int[] {0, 10, 50}) {
            Canary canary = IstioFixtures.canary("""
                      service:
                        port: 9898
                        gateways: [istio/public-gateway, mesh]
                      analysis:
                        mirror: true
                        mirrorWeight: %d
                        iterations: 5
                    """.formatted(w));
            router.reconcile(canary);

            router.setRoutes(canary, new Routes(100, 0, true));

            GenericKubernetesResource vs = virtualService(client, "podinfo");
            Map<String, Object> route = http(vs).get(0);
            assertThat(weights(route)).containsExactly("podinfo-primary=100", "podinfo-canary=0");
            assertThat(at(route, "mirror", "host")).isEqualTo("podinfo-canary");
            if (w > 0) {
                assertThat(at(route, "mirrorPercentage", "value")).as("mirrorWeight %s", w).isEqualTo(w);
            } else {
                assertThat(route).as("mirrorWeight 0: everything mirrored").doesNotContainKey("mirrorPercentage");
            }
            assertThat(router.routes(canary)).isEqualTo(new Routes(100, 0, true));
            assertValid(vs);
        }
    }

    @Test
    void withSessionAffinityTheMirrorIsOnTheWeightedRouteWhereRoutesReadsIt() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                  analysis:
                    mirror: true
                    sessionAffinity:
                      cookieName: flagger-cookie
                """).withStatus(CanaryStatus.EMPTY.toBuilder().previousSessionAffinityCookie("flagger-cookie=LpsIaLdoNZ").build());
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(100, 0, true));

        List<Map<String, Object>> http = http(virtualService(client, "podinfo"));
        assertThat(http).hasSize(2);
        assertThat(http.get(0)).as("the cookie-expiry route").doesNotContainKey("mirror");
        assertThat(at(http.get(1), "mirror", "host")).isEqualTo("podinfo-canary");
        assertThat(router.routes(canary)).isEqualTo(new Routes(100, 0, true));
    }

    @Test
    void informingCachesServeTheRouterWithoutGets() {
        try (IstioCaches caches = IstioCaches.informing(client, NS)) {
            IstioTrafficRouter informed = IstioTrafficRouter.of(client, caches);
            Canary canary = IstioFixtures.podinfo();
            informed.reconcile(canary);
            org.awaitility.Awaitility.await().until(() -> caches.virtualServices().get(NS, "podinfo").isPresent()
                    && caches.destinationRules().get(NS, "podinfo-primary").isPresent());
            K8S.requests().clear();

            informed.setRoutes(canary, Routes.canaryWeight(10));
            informed.reconcile(canary);

            var requests = K8S.requests().drain().withoutWatches();
            assertThat(requests.byVerb()).as("%s", requests).containsExactly(Map.entry("PATCH", 1));
        }
    }

    // TestIstioRouter_GetRoutes
    @Test
    void routesReadTheSplitAndAMirrorSetByHand() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);

        GenericKubernetesResource vs = virtualService(client, "podinfo");
        http(vs).get(0).put("mirror", Map.of("host", "podinfo-canary"));
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(vs).update();

        assertThat(router.routes(canary)).isEqualTo(new Routes(100, 0, true));
        router.reconcile(canary);
        assertThat(router.routes(canary)).as("reconcile keeps the mirror in force").isEqualTo(new Routes(100, 0, true));
    }

    @Test
    void routesOfAVirtualServiceWithoutOurDestinationsAreARetryableError() {
        Canary canary = IstioFixtures.podinfo();
        assertThatThrownBy(() -> router.routes(canary)).isInstanceOf(BackendException.class)
                .hasMessageContaining("VirtualService podinfo.default not found")
                .satisfies(e -> assertThat(((BackendException) e).retryable()).isTrue());
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(userVirtualService(Map.of())).create();

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOf(BackendException.class)
                .hasMessage("VirtualService podinfo.default does not contain routes for podinfo-primary and podinfo-canary");
    }

    // TestIstioRouter_HTTPRequestHeaders, TestIstioRouter_CORS, retries and match of newTestCanary
    @Test
    void theWeightedRouteCarriesHeadersCorsRetriesAndTheServiceMatch() {
        router.reconcile(IstioFixtures.podinfo());

        Map<String, Object> route = http(virtualService(client, "podinfo")).get(0);
        assertThat(at(route, "headers", "request", "add", "x-envoy-upstream-rq-timeout-ms")).isEqualTo("15000");
        assertThat(at(route, "headers", "request", "remove", 0)).isEqualTo("test");
        assertThat(at(route, "headers", "response", "remove", 0)).isEqualTo("token");
        assertThat(at(route, "corsPolicy", "allowMethods")).isEqualTo(List.of("GET", "POST"));
        assertThat(at(route, "retries")).isEqualTo(Map.of("attempts", 10, "perTryTimeout", "30s",
                "retryOn", "connect-failure,gateway-error"));
        assertThat(at(route, "match")).isEqualTo(List.of(Map.of("name", "podinfo", "uri", Map.of("prefix", "/podinfo"),
                "method", Map.of("exact", "GET"), "ignoreUriCase", true)));
    }

    @Test
    void rewriteAndTimeoutAreMappedAsFlaggerMapsThem() {
        router.reconcile(IstioFixtures.canary("""
                  service:
                    port: 9898
                    timeout: 30s
                    rewrite:
                      uri: /
                      authority: podinfo.example.com
                      type: ReplacePrefixMatch
                    corsPolicy:
                      allowOrigins:
                        - regex: ".*\\\\.example\\\\.com"
                      allowCredentials: true
                      maxAge: 24h
                """));

        Map<String, Object> route = http(virtualService(client, "podinfo")).get(0);
        assertThat(route.get("timeout")).isEqualTo("30s");
        assertThat(route.get("rewrite")).as("Istio's rewrite has no type").isEqualTo(Map.of("uri", "/", "authority", "podinfo.example.com"));
        assertThat(route.get("corsPolicy")).isEqualTo(Map.of("allowOrigins", List.of(Map.of("regex", ".*\\.example\\.com")),
                "allowCredentials", true, "maxAge", "24h"));
    }

    // TestIstioRouter_ABTest and TestIstioRouter_Match
    @Test
    void abTestingPutsTheMatchRouteBeforeThePrimaryRoute() {
        Canary abtest = IstioFixtures.abtest();
        router.reconcile(abtest);

        GenericKubernetesResource vs = virtualService(client, "abtest");
        assertThat(http(vs)).hasSize(2);
        assertThat(at(http(vs).get(0), "match")).isEqualTo(List.of(Map.of("headers", Map.of("x-user-type", Map.of("exact", "test")))));
        assertThat(weights(http(vs).get(0))).containsExactly("abtest-primary=100", "abtest-canary=0");
        assertThat(http(vs).get(1)).doesNotContainKey("match");
        assertThat(weights(http(vs).get(1))).containsExactly("abtest-primary=100");

        router.setRoutes(abtest, Routes.CANARY_ONLY);

        vs = virtualService(client, "abtest");
        assertThat(weights(http(vs).get(0))).containsExactly("abtest-primary=0", "abtest-canary=100");
        assertThat(weights(http(vs).get(1))).as("Flagger writes the primary weight on the fallback's single destination")
                .containsExactly("abtest-primary=0");
        assertThat(http(vs).get(0)).doesNotContainKey("mirror");
        assertThat(router.routes(abtest)).isEqualTo(Routes.CANARY_ONLY);
        assertValid(vs);
    }

    @Test
    void abMatchesAreCombinedWithEveryServiceMatch() {
        Canary abtest = IstioFixtures.parse("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: abtest, namespace: default, uid: %s}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: abtest}
                  service:
                    port: 9898
                    match:
                      - name: podinfo
                        uri: {prefix: /podinfo}
                        method: {exact: GET}
                        ignoreUriCase: true
                  analysis:
                    iterations: 2
                    match:
                      - headers:
                          x-user-type: {exact: test}
                          x-auth-test: {exact: test}
                      - headers:
                          x-session-id: {exact: test}
                      - queryParams:
                          canary: {exact: "true"}
                """.formatted(IstioFixtures.UID));
        router.reconcile(abtest);

        List<Map<String, Object>> http = http(virtualService(client, "abtest"));
        assertThat(http).hasSize(2);
        List<Object> abMatch = Trees.list(http.get(0).get("match"));
        assertThat(abMatch).hasSize(3);
        assertThat(at(abMatch, 0, "uri", "prefix")).isEqualTo("/podinfo");
        assertThat(at(abMatch, 0, "headers")).isEqualTo(Map.of("x-user-type", Map.of("exact", "test"), "x-auth-test", Map.of("exact", "test")));
        assertThat(at(abMatch, 1, "uri", "prefix")).isEqualTo("/podinfo");
        assertThat(at(abMatch, 1, "headers")).isEqualTo(Map.of("x-session-id", Map.of("exact", "test")));
        assertThat(at(abMatch, 2, "queryParams")).as("Flagger would drop it and match every /podinfo request")
                .isEqualTo(Map.of("canary", Map.of("exact", "true")));
        assertThat(at(abMatch, 2, "method", "exact")).isEqualTo("GET");
        assertThat(Trees.list(http.get(1).get("match"))).singleElement()
                .satisfies(m -> assertThat(at(m, "uri", "prefix")).isEqualTo("/podinfo"));
    }

    // TestIstioRouter_GatewayPort
    @Test
    void destinationsNameTheServicePortBehindAGatewayWithPortDiscovery() {
        router.reconcile(IstioFixtures.podinfo());

        Map<String, Object> route = http(virtualService(client, "podinfo")).get(0);
        assertThat(at(route, "route", 0, "destination", "port", "number")).isEqualTo(9898);

        router.reconcile(IstioFixtures.canary("""
                  service:
                    port: 9898
                    portDiscovery: true
                    gateways: [mesh, istio/public-gateway]
                """));
        assertThat(at(http(virtualService(client, "podinfo")).get(0), "route", 0, "destination"))
                .as("the mesh gateway first: no port").isEqualTo(Map.of("host", "podinfo-primary"));
    }

    // TestIstioRouter_Delegate "ok"
    @Test
    void aDelegateVirtualServiceHasNoHostsNorGateways() {
        router.reconcile(IstioFixtures.canary("""
                  service:
                    port: 9898
                    portDiscovery: true
                    delegation: true
                """));

        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(spec(vs).get("hosts")).isEqualTo(List.of());
        assertThat(spec(vs)).doesNotContainKey("gateways");
        assertThat(at(http(vs).get(0), "route", 0, "destination", "port", "number")).isEqualTo(9898);
        assertValid(vs);
    }

    // TestIstioRouter_SetRoutesTCP and TestIstioRouter_GetRoutesTCP
    @Test
    void aTcpServiceGetsOneTcpRouteWithTheWeights() {
        Canary tcp = IstioFixtures.tcp();
        router.reconcile(tcp);
        assertThat(router.routes(tcp)).isEqualTo(Routes.PRIMARY_ONLY);

        router.setRoutes(tcp, new Routes(60, 40, false));

        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(spec(vs)).doesNotContainKey("http");
        List<Map<String, Object>> routes = IstioFixtures.routes(vs, "tcp");
        assertThat(routes).singleElement().satisfies(r -> {
            assertThat(r.get("match")).isEqualTo(List.of(Map.of("port", 9898)));
            assertThat(weights(r)).containsExactly("podinfo-primary=60", "podinfo-canary=40");
        });
        assertThat(router.routes(tcp)).isEqualTo(new Routes(60, 40, false));
        assertValid(vs);
    }

    // TestIstioRouter_SetRoutes "session affinity" and TestIstioRouter_getSessionAffinityRoutes "without primary cookie"
    @Test
    void sessionAffinityStickRequestsWithTheCanaryCookieToTheCanaryAndExpireItAfterTheRun() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                  analysis:
                    stepWeight: 10
                    sessionAffinity:
                      cookieName: flagger-cookie
                      domain: flagger.app
                      httpOnly: true
                      maxAge: 300
                      partitioned: true
                      path: /app
                      sameSite: Strict
                      secure: true
                """);
        router.reconcile(canary);
        Canary running = canary.withStatus(CanaryStatus.EMPTY.toBuilder().sessionAffinityCookie("flagger-cookie=LpsIaLdoNZ").build());

        router.setRoutes(running, new Routes(90, 10, false));

        List<Map<String, Object>> http = http(virtualService(client, "podinfo"));
        assertThat(http).hasSize(2);
        assertThat(at(http.get(0), "match", 0, "headers", "Cookie", "regex")).isEqualTo(".*flagger-cookie.*LpsIaLdoNZ.*");
        assertThat(weights(http.get(0))).containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(weights(http.get(1))).containsExactly("podinfo-primary=90", "podinfo-canary=10");
        assertThat(at(destination(http.get(1), "podinfo-canary"), "headers", "response", "add", "Set-Cookie"))
                .isEqualTo("flagger-cookie=LpsIaLdoNZ; Max-Age=300; Domain=flagger.app; HttpOnly; Partitioned; Path=/app; "
                        + "SameSite=Strict; Secure");
        assertThat(destination(http.get(1), "podinfo-primary")).doesNotContainKey("headers");
        assertThat(router.routes(running)).isEqualTo(new Routes(90, 10, false));
        assertValid(virtualService(client, "podinfo"));

        String before = virtualService(client, "podinfo").getMetadata().getResourceVersion();
        router.reconcile(running);
        assertThat(virtualService(client, "podinfo").getMetadata().getResourceVersion()).as("reconcile sees no drift in sticky routes")
                .isEqualTo(before);

        router.setRoutes(running, new Routes(50, 50, false));
        http = http(virtualService(client, "podinfo"));
        assertThat(weights(http.get(0))).containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(weights(http.get(1))).containsExactly("podinfo-primary=50", "podinfo-canary=50");

        // Promotion: the engine moves the cookie to previousSessionAffinityCookie before routing back to the primary.
        Canary finished = canary.withStatus(CanaryStatus.EMPTY.toBuilder().previousSessionAffinityCookie("flagger-cookie=LpsIaLdoNZ").build());
        router.setRoutes(finished, Routes.PRIMARY_ONLY);

        http = http(virtualService(client, "podinfo"));
        assertThat(http).hasSize(2);
        assertThat(at(http.get(0), "match", 0, "headers", "Cookie", "regex")).isEqualTo(".*flagger-cookie.*LpsIaLdoNZ.*");
        assertThat(weights(http.get(0))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(at(http.get(0), "headers", "response", "add", "Set-Cookie")).isEqualTo("flagger-cookie=LpsIaLdoNZ; Max-Age=-1");
        assertThat(weights(http.get(1))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(destination(http.get(1), "podinfo-canary")).as("no Set-Cookie once the run is over").doesNotContainKey("headers");
        assertThat(http.get(1)).doesNotContainKey("headers");
        assertThat(router.routes(finished)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    // TestIstioRouter_getSessionAffinityRoutes "with primary cookie"
    @Test
    void aPrimaryCookieSticksPrimarySessionsForOneInterval() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                  analysis:
                    interval: 15s
                    stepWeight: 10
                    sessionAffinity:
                      cookieName: canary-flagger-cookie
                      primaryCookieName: primary-flagger-cookie
                      maxAge: 300
                """).withStatus(CanaryStatus.EMPTY.toBuilder().sessionAffinityCookie("canary-flagger-cookie=AbCdEfGhIj")
                .primarySessionAffinityCookie("primary-flagger-cookie=KlMnOpQrSt").build());
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(90, 10, false));

        List<Map<String, Object>> http = http(virtualService(client, "podinfo"));
        assertThat(http).hasSize(3);
        assertThat(at(http.get(0), "match", 0, "headers", "Cookie", "regex")).isEqualTo(".*canary-flagger-cookie.*AbCdEfGhIj.*");
        assertThat(weights(http.get(0))).containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(at(http.get(1), "match", 0, "headers", "Cookie", "regex")).isEqualTo(".*primary-flagger-cookie.*KlMnOpQrSt.*");
        assertThat(weights(http.get(1))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(at(destination(http.get(2), "podinfo-canary"), "headers", "response", "add", "Set-Cookie"))
                .isEqualTo("canary-flagger-cookie=AbCdEfGhIj; Max-Age=300");
        assertThat(at(destination(http.get(2), "podinfo-primary"), "headers", "response", "add", "Set-Cookie"))
                .isEqualTo("primary-flagger-cookie=KlMnOpQrSt; Max-Age=15");
        assertThat(router.routes(canary)).isEqualTo(new Routes(90, 10, false));
    }

    // TestIstioRouter_Finalize: the original spec kept in the annotation is restored
    @Test
    void aVirtualServiceTheCanaryDidNotCreateIsTakenOverAndRestoredOnRevert() {
        Map<String, Object> userSpec = Map.of("hosts", List.of("podinfo"), "exportTo", List.of("."),
                "http", List.of(Map.of("route", List.of(Map.of("destination", Map.of("host", "podinfo"))))));
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(userVirtualService(userSpec)).create();
        Canary canary = IstioFixtures.podinfo();

        router.reconcile(canary);

        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(weights(http(vs).get(0))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(spec(vs).get("exportTo")).as("a field the router does not own is kept").isEqualTo(List.of("."));
        assertThat(vs.getMetadata().getAnnotations()).containsKey("flagger.kubernetes.io/original-configuration")
                .containsEntry("kustomize.toolkit.fluxcd.io/reconcile", "disabled").containsEntry("team", "web");
        String original = vs.getMetadata().getAnnotations().get("flagger.kubernetes.io/original-configuration");
        router.setRoutes(canary, Routes.canaryWeight(30));
        GenericKubernetesResource drifted = virtualService(client, "podinfo");
        spec(drifted).put("gateways", List.of("istio-system/hand-edited"));
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(drifted).update();
        router.reconcile(canary);
        assertThat(virtualService(client, "podinfo").getMetadata().getAnnotations())
                .as("a later repair keeps the user's spec, not the router's previous one")
                .containsEntry("flagger.kubernetes.io/original-configuration", original);

        router.revert(canary);

        GenericKubernetesResource restored = virtualService(client, "podinfo");
        assertThat(spec(restored)).isEqualTo(userSpec);
        assertThat(restored.getMetadata().getAnnotations()).doesNotContainKey("flagger.kubernetes.io/original-configuration");
        assertThat(destinationRule(client, "podinfo-primary")).as("owned by the Canary: deleted").isNull();
    }

    // TestIstioRouter_Finalize: kubectl's last-applied configuration wins
    @Test
    void revertRestoresKubectlsLastAppliedSpec() {
        GenericKubernetesResource user = userVirtualService(Map.of("hosts", List.of("podinfo")));
        user.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\": "
                + "\"networking.istio.io/v1beta1\",\"kind\": \"VirtualService\",\"metadata\": {\"name\": \"podinfo\"},"
                + "\"spec\": {\"gateways\": [\"istio-system/ingressgateway\"],\"hosts\": [\"podinfo\"],"
                + "\"http\": [{\"route\": [{\"destination\": {\"host\": \"podinfo\"}}]}]}}");
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(user).create();
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        assertThat(virtualService(client, "podinfo").getMetadata().getAnnotations())
                .doesNotContainKey("flagger.kubernetes.io/original-configuration");

        router.revert(canary);

        assertThat(spec(virtualService(client, "podinfo"))).isEqualTo(Map.of("gateways", List.of("istio-system/ingressgateway"),
                "hosts", List.of("podinfo"), "http", List.of(Map.of("route", List.of(Map.of("destination", Map.of("host", "podinfo")))))));
    }

    @Test
    void revertDeletesWhatTheCanaryCreatedAndNothingElse() {
        Canary canary = IstioFixtures.podinfo();
        router.reconcile(canary);
        var m = canary.metadata();
        Canary other = canary.withMetadata(new io.canarykit.api.model.ObjectMeta(m.name(), m.namespace(), "another-uid", m.labels(),
                m.annotations(), m.generation(), m.resourceVersion(), m.finalizers(), m.creationTimestamp(), m.deletionTimestamp()));

        router.revert(other);
        assertThat(virtualService(client, "podinfo")).as("not owned by the other Canary").isNotNull();

        router.revert(canary);
        assertThat(virtualService(client, "podinfo")).isNull();
        assertThat(destinationRule(client, "podinfo-primary")).isNull();
        assertThat(destinationRule(client, "podinfo-canary")).isNull();
    }

    @Test
    void foreignLabelsAnnotationsAndSpecFieldsSurviveARepair() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                    apex:
                      labels: {app: podinfo}
                      annotations: {owner: web-team}
                """);
        router.reconcile(canary);
        GenericKubernetesResource vs = virtualService(client, "podinfo");
        assertThat(vs.getMetadata().getLabels()).containsEntry("app", "podinfo");
        vs.getMetadata().getAnnotations().put("policy.example.com/checked", "true");
        spec(vs).put("exportTo", List.of("*"));
        spec(vs).put("hosts", List.of("elsewhere"));
        client.genericKubernetesResources(IstioResources.virtualServices()).resource(vs).update();

        router.reconcile(canary);

        GenericKubernetesResource repaired = virtualService(client, "podinfo");
        assertThat(spec(repaired).get("hosts")).isEqualTo(List.of("podinfo"));
        assertThat(spec(repaired).get("exportTo")).isEqualTo(List.of("*"));
        assertThat(repaired.getMetadata().getAnnotations()).containsEntry("policy.example.com/checked", "true")
                .containsEntry("owner", "web-team").doesNotContainKey("flagger.kubernetes.io/original-configuration");
    }

    private static GenericKubernetesResource userVirtualService(Map<String, Object> spec) {
        GenericKubernetesResource vs = new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                .withApiVersion(IstioResources.API_VERSION).withKind(IstioResources.VIRTUAL_SERVICE)
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToAnnotations("team", "web").endMetadata().build();
        vs.setAdditionalProperty("spec", new java.util.LinkedHashMap<>(spec));
        return vs;
    }

    private static void assertValid(GenericKubernetesResource vs) {
        assertThat(IstioValidation.violations(vs)).as("what Istio's validation would refuse").isEmpty();
    }

    /** A VirtualService cache whose first read returns a copy taken before someone else's write. */
    private static final class StaleFirst implements io.canarykit.k8s.ObjectCache<GenericKubernetesResource> {

        private final io.canarykit.k8s.ObjectCache<GenericKubernetesResource> direct;
        private GenericKubernetesResource stale;

        StaleFirst(GenericKubernetesResource stale, io.canarykit.k8s.ObjectCache<GenericKubernetesResource> direct) {
            this.stale = stale;
            this.direct = direct;
        }

        @Override
        public java.util.Optional<GenericKubernetesResource> get(String namespace, String name) {
            if (stale != null) {
                GenericKubernetesResource first = stale;
                stale = null;
                return java.util.Optional.of(first);
            }
            return direct.get(namespace, name);
        }

        @Override
        public java.util.Optional<GenericKubernetesResource> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }
}
