package io.canarykit.gatewayapi;

import static io.canarykit.gatewayapi.GatewayFixtures.route;
import static io.canarykit.gatewayapi.GatewayFixtures.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.spi.Routes;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flagger's gateway_api_test.go cases (reference §7 "Routers") and CanaryKit's write budget, on the CRUD mock. */
class GatewayApiTrafficRouterTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(GatewayApiCrds.httpRoute()));

    private KubernetesClient client;
    private GatewayApiTrafficRouter router;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = GatewayApiTrafficRouter.direct(client);
    }

    @Test
    void reconcileCreatesOneRuleOnThePrimaryWithTimeoutsMetadataAndOwner() {
        Canary canary = GatewayFixtures.canary("""
                    timeout: 30s
                    backendTimeout: 10s
                    hosts: [app.example.com]
                    apex:
                      labels: {team: web}
                      annotations: {note: apex}
                """, "");

        router.reconcile(canary);

        HTTPRoute route = route(client);
        assertThat(route.getSpec().getRules()).hasSize(1);
        HTTPRouteRule rule = route.getSpec().getRules().get(0);
        assertThat(weights(rule)).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(rule.getBackendRefs()).allSatisfy(b -> {
            assertThat(b.getPort()).isEqualTo(9898);
            assertThat(b.getKind()).isEqualTo("Service");
        });
        assertThat(rule.getTimeouts().getRequest()).isEqualTo("30s");
        assertThat(rule.getTimeouts().getBackendRequest()).isEqualTo("10s");
        assertThat(rule.getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
            assertThat(m.getPath().getValue()).isEqualTo("/");
        });
        assertThat(route.getSpec().getHostnames()).containsExactly("app.example.com");
        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("gateway");
            assertThat(p.getNamespace()).isEqualTo("istio-ingress");
        });
        assertThat(route.getMetadata().getLabels()).containsEntry("team", "web");
        assertThat(route.getMetadata().getAnnotations()).containsEntry("note", "apex")
                .containsEntry("kustomize.toolkit.fluxcd.io/reconcile", "disabled")
                .containsEntry("helm.toolkit.fluxcd.io/driftDetection", "disabled");
        assertThat(route.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Canary");
            assertThat(o.getController()).isTrue();
        });
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void reconcileKeepsForeignAnnotationsAndWritesNothingWhenCurrent() {
        Canary canary = GatewayFixtures.canary("    timeout: 30s", "");
        router.reconcile(canary);
        HTTPRoute route = route(client);
        route.getMetadata().getAnnotations().put("app.kubernetes.io/managed-by", "someone-else");
        client.resource(route).update();
        K8S.requests().clear();

        router.reconcile(canary);

        assertThat(K8S.requests().drain().writes()).as("no drift, no write").isZero();
        assertThat(route(client).getMetadata().getAnnotations()).containsEntry("app.kubernetes.io/managed-by", "someone-else");
    }

    @Test
    void theCoreGroupIsNeverWrittenAsAnEmptyStringAndItsServerDefaultIsNoDrift() {
        Canary canary = GatewayFixtures.canary("    timeout: 30s", "");
        router.reconcile(canary);
        HTTPRoute route = route(client);
        // Kubernetes v1.20 answers 422 "group: Invalid value: null" to an empty string there.
        assertThat(route.getSpec().getRules().get(0).getBackendRefs()).allSatisfy(b -> assertThat(b.getGroup()).isNull());
        // What a newer API server stores: the official CRD defaults the group to "".
        route.getSpec().getRules().get(0).getBackendRefs().forEach(b -> b.setGroup(""));
        client.resource(route).update();
        K8S.requests().clear();

        router.reconcile(canary);
        router.setRoutes(canary, router.routes(canary));

        assertThat(K8S.requests().drain().writes()).as("a defaulted group is not drift").isZero();
    }

    @Test
    void setRoutesFiftyFifty() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);

        router.setRoutes(canary, Routes.canaryWeight(50));

        assertThat(weights(route(client).getSpec().getRules().get(0))).containsExactly("podinfo-primary=50", "podinfo-canary=50");
        assertThat(router.routes(canary)).isEqualTo(new Routes(50, 50, false));
    }

    @Test
    void weightStepIsExactlyOneJsonPatchAndARepeatWritesNothing() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);
        HTTPRoute before = route(client);
        K8S.requests().clear();

        router.setRoutes(canary, Routes.canaryWeight(10));
        RequestCounts step = K8S.requests().drain();
        router.setRoutes(canary, Routes.canaryWeight(10));
        RequestCounts repeat = K8S.requests().drain();

        assertThat(step.writes()).as("%s", step).isEqualTo(1);
        assertThat(step.byPath()).containsEntry("PATCH /apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo", 1);
        assertThat(repeat.writes()).as("%s", repeat).isZero();
        HTTPRoute after = route(client);
        assertThat(weights(after.getSpec().getRules().get(0))).containsExactly("podinfo-primary=90", "podinfo-canary=10");
        assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration() + 1);
    }

    @Test
    void weightPatchOnAStaleReadIsRecomputedOnAFreshOne() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);
        HTTPRoute stale = route(client);
        router.setRoutes(canary, Routes.canaryWeight(30));
        // A router whose cache still holds the route before the 30% step: the patch's test fails, the retry reads fresh.
        GatewayApiTrafficRouter lagging = GatewayApiTrafficRouter.of(client, new StaleCache(stale, client));
        // The mock never answers a JSON Patch whose test fails: script the 422 a real API server sends.
        K8S.server().expect().patch().withPath("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo")
                .andReturn(422, "{\"kind\":\"Status\",\"code\":422,\"reason\":\"Invalid\"}").once();

        K8S.requests().clear();

        lagging.setRoutes(canary, Routes.canaryWeight(40));

        RequestCounts requests = K8S.requests().drain();
        assertThat(weights(route(client).getSpec().getRules().get(0))).containsExactly("podinfo-primary=60", "podinfo-canary=40");
        assertThat(requests.byPath()).as("the refused patch, one fresh read and one patch on it: %s", requests).isEqualTo(Map.of(
                "PATCH /apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo", 2,
                "GET /apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo", 1));
    }

    /**
     * The API server refuses the route (422 Invalid, e.g. a webhook's or the schema's validation):
     * not a stale read, so no retry; the error names the route and carries the server's reason,
     * and the route is left as it was.
     */
    @Test
    void invalidRouteIsReportedWithTheRouteAndTheReasonAndNotRetried() {
        Canary canary = GatewayFixtures.canary("    hosts: [app.example.com]", "");
        router.reconcile(canary);
        HTTPRoute before = route(client);
        Canary renamed = GatewayFixtures.canary("    hosts: [app.example.org]", "");
        String reason = "HTTPRoute.gateway.networking.k8s.io \\\"podinfo\\\" is invalid: spec.hostnames[0]: Invalid value";
        K8S.server().expect().put().withPath("/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo")
                .andReturn(422, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":422,"
                        + "\"reason\":\"Invalid\",\"message\":\"" + reason + "\"}").once();
        K8S.requests().clear();

        assertThatThrownBy(() -> router.reconcile(renamed)).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.backend()).isEqualTo("k8s");
            assertThat(e.retryable()).as("the same route would be refused again").isFalse();
            assertThat(e.getMessage()).startsWith("update HTTPRoute podinfo.default failed: HTTP 422 ")
                    .contains("HTTPRoute.gateway.networking.k8s.io \"podinfo\" is invalid: spec.hostnames[0]: Invalid value");
        });

        RequestCounts requests = K8S.requests().drain();
        assertThat(requests.filter(r -> r.isWrite()).requests()).extracting(r -> r.toString())
                .as("the one refused write, nothing else")
                .containsExactly("PUT /apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/podinfo");
        HTTPRoute after = route(client);
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void driftRepairKeepsTheWeightsOfTheRunningAnalysis() {
        Canary canary = GatewayFixtures.canary("    hosts: [app.example.com]", "");
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(30));
        HTTPRoute edited = route(client);
        edited.getSpec().setHostnames(List.of("hijacked.example.com"));
        edited.getSpec().getRules().get(0).getMatches().get(0).getPath().setValue("/admin");
        client.resource(edited).update();

        router.reconcile(canary);

        HTTPRoute repaired = route(client);
        assertThat(repaired.getSpec().getHostnames()).containsExactly("app.example.com");
        assertThat(repaired.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/");
        assertThat(router.routes(canary)).isEqualTo(new Routes(70, 30, false));
    }

    @Test
    void abTestingTwoHeaderMatchesAreOredAndAndedWithTheServiceMatch() {
        Canary canary = GatewayFixtures.canary("""
                    match:
                      - uri:
                          prefix: /api
                """, """
                    iterations: 10
                    match:
                      - headers:
                          x-canary:
                            exact: insider
                      - headers:
                          cookie:
                            regex: "^(.*?;)?(canary=always)(;.*)?$"
                """);
        router.reconcile(canary);

        router.setRoutes(canary, Routes.CANARY_ONLY);

        List<HTTPRouteRule> rules = route(client).getSpec().getRules();
        assertThat(rules).hasSize(2);
        List<HTTPRouteMatch> matches = rules.get(0).getMatches();
        assertThat(matches).hasSize(2).allSatisfy(m -> assertThat(m.getPath().getValue()).isEqualTo("/api"));
        assertThat(matches.get(0).getHeaders()).extracting(HTTPHeaderMatch::getName, HTTPHeaderMatch::getType, HTTPHeaderMatch::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x-canary", "Exact", "insider"));
        assertThat(matches.get(1).getHeaders()).extracting(HTTPHeaderMatch::getName, HTTPHeaderMatch::getType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cookie", "RegularExpression"));
        assertThat(weights(rules.get(0))).containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(weights(rules.get(1))).as("fallback to the primary").containsExactly("podinfo-primary=100");
        assertThat(rules.get(1).getMatches()).singleElement().satisfies(m -> assertThat(m.getHeaders()).isEmpty());
        assertThat(router.routes(canary)).isEqualTo(Routes.CANARY_ONLY);
    }

    @Test
    void matchesMapPathsMethodsAndQueryParams() {
        Canary canary = GatewayFixtures.canary("""
                    match:
                      - uri:
                          exact: /login
                        method:
                          exact: POST
                        queryParams:
                          debug:
                            regex: "^(1|true)$"
                      - uri:
                          regex: "/v[0-9]+/.*"
                """, "");

        router.reconcile(canary);

        List<HTTPRouteMatch> matches = route(client).getSpec().getRules().get(0).getMatches();
        assertThat(matches.get(0).getPath().getType()).isEqualTo("Exact");
        assertThat(matches.get(0).getMethod()).isEqualTo("POST");
        assertThat(matches.get(0).getQueryParams()).singleElement().satisfies(q -> {
            assertThat(q.getName()).isEqualTo("debug");
            assertThat(q.getType()).isEqualTo("RegularExpression");
        });
        assertThat(matches.get(1).getPath().getType()).isEqualTo("RegularExpression");
    }

    @Test
    void matchKindsGatewayApiCannotExpressAreRejected() {
        Canary suffix = GatewayFixtures.canary("""
                    match:
                      - uri:
                          suffix: .php
                """, "");
        Canary headerPrefix = GatewayFixtures.canary("", """
                    iterations: 2
                    match:
                      - headers:
                          user-agent:
                            prefix: Mozilla
                """);

        assertThatThrownBy(() -> router.reconcile(suffix)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessage("spec.service.match[0].uri: suffix match is not supported by the Gateway API provider "
                        + "(supported: exact, prefix or regex)");
        assertThatThrownBy(() -> router.reconcile(headerPrefix)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessage("spec.analysis.match[0].headers.user-agent: prefix match is not supported by the Gateway API "
                        + "provider (supported: exact or regex)");
        assertThat(route(client)).as("nothing written").isNull();
    }

    @Test
    void gatewayRefsAreRequired() {
        Canary canary = GatewayFixtures.canary("", "");
        var s = canary.spec().service();
        Canary withoutRefs = canary.withSpec(new CanarySpec(canary.spec().provider(), null,
                canary.spec().targetRef(), null, null, null, null, CanaryService.ofPort(s.port()),
                canary.spec().analysis(), null, null, null, null, null));

        assertThatThrownBy(() -> router.reconcile(withoutRefs)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageContaining("GatewayRefs must be specified when using Gateway API as a provider.");
    }

    @Test
    void filtersAndCorsAreMappedInFlaggersOrder() {
        Canary canary = GatewayFixtures.canary("""
                    headers:
                      request:
                        add: {x-b: "2", x-a: "1"}
                        set: {x-set: v}
                        remove: [x-remove]
                      response:
                        set: {x-served-by: canarykit}
                    rewrite:
                      uri: /v2
                      authority: backend.example.com
                      type: ReplacePrefixMatch
                    mirror:
                      - backendRef:
                          name: shadow
                          port: 8080
                        percent: 20
                    corsPolicy:
                      allowOrigin: ["https://example.com"]
                      allowMethods: [GET, POST]
                      allowHeaders: [x-custom]
                      exposeHeaders: [x-exposed]
                      maxAge: 1m30s
                      allowCredentials: true
                """, "");

        router.reconcile(canary);

        List<HTTPRouteFilter> filters = route(client).getSpec().getRules().get(0).getFilters();
        assertThat(filters).extracting(HTTPRouteFilter::getType)
                .containsExactly("RequestHeaderModifier", "ResponseHeaderModifier", "URLRewrite", "RequestMirror", "CORS");
        var request = filters.get(0).getRequestHeaderModifier();
        assertThat(request.getAdd()).extracting(h -> h.getName() + "=" + h.getValue()).containsExactly("x-a=1", "x-b=2");
        assertThat(request.getSet()).extracting(h -> h.getName() + "=" + h.getValue()).containsExactly("x-set=v");
        assertThat(request.getRemove()).containsExactly("x-remove");
        assertThat(filters.get(1).getResponseHeaderModifier().getSet()).extracting(h -> h.getName())
                .containsExactly("x-served-by");
        var rewrite = filters.get(2).getUrlRewrite();
        assertThat(rewrite.getHostname()).isEqualTo("backend.example.com");
        assertThat(rewrite.getPath().getType()).isEqualTo("ReplacePrefixMatch");
        assertThat(rewrite.getPath().getReplacePrefixMatch()).isEqualTo("/v2");
        var mirror = filters.get(3).getRequestMirror();
        assertThat(mirror.getBackendRef().getName()).isEqualTo("shadow");
        assertThat(mirror.getPercent()).isEqualTo(20);
        var cors = filters.get(4).getCors();
        assertThat(cors.getAllowOrigins()).containsExactly("https://example.com");
        assertThat(cors.getAllowMethods()).containsExactly("GET", "POST");
        assertThat(cors.getAllowHeaders()).containsExactly("x-custom");
        assertThat(cors.getExposeHeaders()).containsExactly("x-exposed");
        assertThat(cors.getMaxAge()).isEqualTo(90);
        assertThat(cors.getAllowCredentials()).isTrue();
        assertThat(router.routes(canary)).as("a static mirror is not analysis mirroring").isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void blueGreenMirrorFilterIsKeptByReconcileAndRemovedWhenTrafficSwitches() {
        Canary canary = GatewayFixtures.canary("", """
                    iterations: 5
                    mirror: true
                """);
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(100, 0, true));
        router.reconcile(canary);

        List<HTTPRouteFilter> filters = route(client).getSpec().getRules().get(0).getFilters();
        assertThat(filters).singleElement().satisfies(f -> {
            assertThat(f.getType()).isEqualTo("RequestMirror");
            assertThat(f.getRequestMirror().getBackendRef().getName()).isEqualTo("podinfo-canary");
            assertThat(f.getRequestMirror().getBackendRef().getPort()).isEqualTo(9898);
        });
        assertThat(router.routes(canary)).isEqualTo(new Routes(100, 0, true));

        router.setRoutes(canary, Routes.CANARY_ONLY);

        assertThat(route(client).getSpec().getRules().get(0).getFilters()).isEmpty();
        assertThat(router.routes(canary)).isEqualTo(Routes.CANARY_ONLY);
    }

    @Test
    void mirroringNeedsIterationsAsInFlagger() {
        Canary canary = GatewayFixtures.canary("", "    mirror: true");
        router.reconcile(canary);

        router.setRoutes(canary, new Routes(100, 0, true));

        assertThat(route(client).getSpec().getRules().get(0).getFilters()).isEmpty();
    }

    @Test
    void routesWaitUntilEveryParentAcceptedTheCurrentGeneration() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        GatewayFixtures.setAccepted(client, "True", 1);

        assertThatThrownBy(() -> router.routes(canary)).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.retryable()).isTrue())
                .hasMessage("HTTPRoute podinfo.default parent gateway is not ready (status: True, observed generation: 1, "
                        + "current generation: 2)");

        GatewayFixtures.setAccepted(client, "False", 0);
        assertThatThrownBy(() -> router.routes(canary)).hasMessage(
                "HTTPRoute podinfo.default parent gateway is not ready (status: False, observed generation: 2, current generation: 2)");

        GatewayFixtures.accept(client);
        assertThat(router.routes(canary)).isEqualTo(new Routes(90, 10, false));
    }

    @Test
    void aParentOfAnotherRouteDoesNotBlock() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);
        HTTPRoute route = route(client);
        route.setStatus(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus(List.of(
                new RouteParentStatus(List.of(new ConditionBuilder()
                        .withType("Accepted").withStatus("False").withObservedGeneration(1L).build()), "x",
                        new io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference(null, null, "other", null, null, null)))));
        client.resource(route).updateStatus();

        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void sessionAffinityRulesCookieAttributesAndDeletionAfterPromotion() {
        Canary base = GatewayFixtures.canary("", """
                    sessionAffinity:
                      cookieName: flagger-cookie
                      maxAge: 300
                      domain: flagger.app
                      httpOnly: true
                      partitioned: true
                      path: /app
                      sameSite: Strict
                      secure: true
                """);
        Canary canary = base.withStatus(base.status().toBuilder().sessionAffinityCookie("flagger-cookie=abcdefghij").build());
        router.reconcile(canary);

        router.setRoutes(canary, Routes.canaryWeight(10));
        router.reconcile(canary);

        List<HTTPRouteRule> rules = route(client).getSpec().getRules();
        assertThat(rules).hasSize(2);
        assertThat(weights(rules.get(0))).as("sticky canary").containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(rules.get(0).getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getValue()).isEqualTo("/");
            assertThat(m.getHeaders()).singleElement().satisfies(h -> {
                assertThat(h.getName()).isEqualTo("Cookie");
                assertThat(h.getType()).isEqualTo("RegularExpression");
                assertThat(h.getValue()).isEqualTo(".*flagger-cookie.*abcdefghij.*");
            });
        });
        assertThat(weights(rules.get(1))).containsExactly("podinfo-primary=90", "podinfo-canary=10");
        var canaryBackend = rules.get(1).getBackendRefs().get(1);
        assertThat(canaryBackend.getFilters()).singleElement().satisfies(f -> assertThat(
                f.getResponseHeaderModifier().getAdd()).singleElement().satisfies(h -> {
                    assertThat(h.getName()).isEqualTo("Set-Cookie");
                    assertThat(h.getValue()).isEqualTo("flagger-cookie=abcdefghij; Max-Age=300; Domain=flagger.app; HttpOnly; "
                            + "Partitioned; Path=/app; SameSite=Strict; Secure");
                }));
        assertThat(rules.get(1).getBackendRefs().get(0).getFilters()).isEmpty();
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(10));

        // Promotion: the engine retires the cookie before routing all traffic back to the primary.
        Canary promoted = canary.withStatus(canary.status().toBuilder().sessionAffinityCookie(null)
                .previousSessionAffinityCookie("flagger-cookie=abcdefghij").build());
        router.setRoutes(promoted, Routes.PRIMARY_ONLY);

        rules = route(client).getSpec().getRules();
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).getMatches().get(0).getHeaders().get(0).getValue()).isEqualTo(".*flagger-cookie.*abcdefghij.*");
        assertThat(rules.get(0).getFilters()).singleElement().satisfies(f -> assertThat(
                f.getResponseHeaderModifier().getAdd().get(0).getValue()).isEqualTo("flagger-cookie=abcdefghij; Max-Age=-1"));
        assertThat(weights(rules.get(0))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(weights(rules.get(1))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(rules.get(1).getBackendRefs()).allSatisfy(b -> assertThat(b.getFilters()).isEmpty());
        assertThat(router.routes(promoted)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void sessionAffinityPrimaryCookieLivesOneInterval() {
        Canary base = GatewayFixtures.canary("", """
                    sessionAffinity:
                      cookieName: canary-cookie
                      primaryCookieName: primary-cookie
                """);
        Canary canary = base.withStatus(base.status().toBuilder().sessionAffinityCookie("canary-cookie=AAAAAAAAAA")
                .primarySessionAffinityCookie("primary-cookie=BBBBBBBBBB").build());
        router.reconcile(canary);

        router.setRoutes(canary, Routes.canaryWeight(20));

        List<HTTPRouteRule> rules = route(client).getSpec().getRules();
        assertThat(rules).hasSize(3);
        assertThat(weights(rules.get(0))).containsExactly("podinfo-primary=0", "podinfo-canary=100");
        assertThat(weights(rules.get(1))).containsExactly("podinfo-primary=100", "podinfo-canary=0");
        assertThat(rules.get(1).getMatches().get(0).getHeaders().get(0).getValue()).isEqualTo(".*primary-cookie.*BBBBBBBBBB.*");
        var primaryBackend = rules.get(2).getBackendRefs().get(0);
        assertThat(primaryBackend.getFilters().get(0).getResponseHeaderModifier().getAdd().get(0).getValue())
                .isEqualTo("primary-cookie=BBBBBBBBBB; Max-Age=10");
        assertThat(rules.get(2).getBackendRefs().get(1).getFilters().get(0).getResponseHeaderModifier().getAdd().get(0).getValue())
                .isEqualTo("canary-cookie=AAAAAAAAAA; Max-Age=86400");
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(20));
    }

    @Test
    void revertDeletesTheOwnedRoute() {
        Canary canary = GatewayFixtures.canary("", "");
        router.reconcile(canary);

        router.revert(canary);

        assertThat(route(client)).isNull();
    }

    /** A cache that answers with an old copy of the route, as an informer that lags behind. */
    private static final class StaleCache implements io.canarykit.k8s.ObjectCache<HTTPRoute> {
        private final HTTPRoute stale;
        private final io.canarykit.k8s.ObjectCache<HTTPRoute> direct;

        StaleCache(HTTPRoute stale, KubernetesClient client) {
            this.stale = stale;
            this.direct = HttpRouteCaches.direct(client);
        }

        @Override
        public Optional<HTTPRoute> get(String namespace, String name) {
            return Optional.of(stale);
        }

        @Override
        public Optional<HTTPRoute> fresh(String namespace, String name) {
            return direct.fresh(namespace, name);
        }
    }

}
