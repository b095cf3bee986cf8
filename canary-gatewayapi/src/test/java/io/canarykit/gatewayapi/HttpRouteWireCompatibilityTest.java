package io.canarykit.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.gatewayapi.crd.CrdViolation;
import io.canarykit.gatewayapi.crd.HttpRouteCrdValidator;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14 part 3: every HTTPRoute the router writes, for a matrix of canaries driven through a
 * whole analysis (weight steps, A/B, mirroring, promotion and rollback with sticky sessions), is
 * valid per the official v1.6.1 CRD (schema and every CEL rule), and what the API server would store
 * of it (defaults applied) reads as no drift: a reconcile right after writes nothing.
 */
class HttpRouteWireCompatibilityTest {

    private static final HttpRouteCrdValidator CRD = HttpRouteCrdValidator.v161();

    /** The official CRD installed: the router fits routes to its schema, which must leave nothing out. */
    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(CRD.crd()));
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String CANARY_COOKIE = "flagger-cookie=abcdefghij";
    private static final String NEXT_CANARY_COOKIE = "flagger-cookie=klmnopqrst";
    private static final String PRIMARY_COOKIE = "primary-cookie=BBBBBBBBBB";
    private static int routesValidated;

    private KubernetesClient client;
    private GatewayApiTrafficRouter router;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        router = GatewayApiTrafficRouter.direct(client);
    }

    @AfterAll
    static void matrixSize() {
        // The matrix must not shrink to nothing unnoticed: 20 canaries, each through 4 to 7 writes.
        assertThat(routesValidated).as("routes validated").isGreaterThanOrEqualTo(100);
    }

    /** A canary of the matrix: {@code service} and {@code analysis} lines as in {@link GatewayFixtures#canary}. */
    record Case(String name, String service, String analysis) {

        boolean abTesting() {
            return analysis.contains("match:");
        }

        boolean blueGreenMirror() {
            return analysis.contains("mirror: true");
        }

        boolean sticky() {
            return analysis.contains("sessionAffinity:");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> canaries() {
        String sessionAffinityEveryAttribute = """
                    sessionAffinity:
                      cookieName: flagger-cookie
                      maxAge: 300
                      domain: flagger.app
                      httpOnly: true
                      partitioned: true
                      path: /app
                      sameSite: Strict
                      secure: true
                """;
        String headers = """
                    headers:
                      request:
                        add: {x-b: "2", x-a: "1"}
                        set: {x-set: v}
                        remove: [x-remove]
                      response:
                        add: {x-added: "yes"}
                        set: {x-served-by: canarykit}
                        remove: [server]
                """;
        String cors = """
                    corsPolicy:
                      allowOrigin: ["https://example.com", "https://*.example.org"]
                      allowMethods: [GET, POST]
                      allowHeaders: [x-custom]
                      exposeHeaders: [x-exposed]
                      maxAge: 1m30s
                      allowCredentials: true
                """;
        String abHeadersAndCookie = """
                    iterations: 10
                    match:
                      - headers:
                          x-canary:
                            exact: insider
                      - headers:
                          cookie:
                            regex: "^(.*?;)?(canary=always)(;.*)?$"
                """;
        return Stream.of(
                new Case("weights only", "", ""),
                new Case("hosts, timeouts and (Istio-only) retries", """
                            hosts: [app.example.com, "*.example.org"]
                            timeout: 1m30s
                            backendTimeout: 10s
                            retries:
                              attempts: 3
                              perTryTimeout: 5s
                              retryOn: 5xx
                        """, ""),
                new Case("request timeout only", "    timeout: 500ms", ""),
                new Case("backend timeout only", "    backendTimeout: 2h", ""),
                new Case("request and response headers", headers, ""),
                new Case("full-path rewrite with authority", """
                            rewrite:
                              uri: /v2
                              authority: backend.example.com
                        """, ""),
                new Case("prefix rewrite on two service matches", """
                            match:
                              - uri: {prefix: /api}
                              - uri: {prefix: /v1}
                            rewrite:
                              uri: /v2
                              type: ReplacePrefixMatch
                        """, ""),
                new Case("A/B headers and cookie with a prefix rewrite", """
                            match:
                              - uri: {prefix: /api}
                            rewrite:
                              uri: /v2
                              type: ReplacePrefixMatch
                        """, abHeadersAndCookie),
                new Case("A/B query params on exact, method and regex matches", """
                            match:
                              - uri: {exact: /login}
                                method: {exact: POST}
                              - uri: {regex: "/v[0-9]+/.*"}
                        """, """
                            iterations: 5
                            match:
                              - queryParams:
                                  canary: {exact: "true"}
                              - headers:
                                  user-agent: {regex: ".*Firefox.*"}
                                queryParams:
                                  debug: {regex: "^(1|true)$"}
                        """),
                new Case("A/B on a service match without uri", """
                            match:
                              - headers:
                                  x-tenant: {exact: acme}
                        """, abHeadersAndCookie),
                new Case("session affinity, every cookie attribute, response headers", headers,
                        sessionAffinityEveryAttribute),
                new Case("session affinity with a primary cookie and a prefix rewrite on two matches", """
                            match:
                              - uri: {prefix: /api}
                              - uri: {prefix: /v1}
                            rewrite:
                              uri: /v2
                              type: ReplacePrefixMatch
                        """, """
                            sessionAffinity:
                              cookieName: flagger-cookie
                              primaryCookieName: primary-cookie
                        """),
                new Case("static mirror with percent", """
                            mirror:
                              - backendRef: {name: shadow, port: 8080}
                                percent: 20
                        """, ""),
                new Case("static mirrors with fractions", """
                            mirror:
                              - backendRef: {name: shadow, port: 8080}
                                fraction: {numerator: 1, denominator: 1000}
                              - backendRef: {name: audit, namespace: audit, port: 80}
                                fraction: {numerator: 5}
                        """, ""),
                new Case("blue/green mirroring", "", """
                            iterations: 5
                            mirror: true
                        """),
                new Case("CORS, every field", cors, ""),
                new Case("CORS without maxAge", """
                            corsPolicy:
                              allowOrigin: ["*"]
                              allowMethods: ["*"]
                        """, ""),
                new Case("everything at once", """
                            hosts: [app.example.com]
                            timeout: 30s
                            backendTimeout: 10s
                            match:
                              - uri: {prefix: /api}
                            rewrite:
                              uri: /v2
                              authority: backend.example.com
                              type: ReplacePrefixMatch
                            mirror:
                              - backendRef: {name: shadow, port: 8080}
                                percent: 10
                        """ + headers + cors, sessionAffinityEveryAttribute),
                new Case("blue/green mirroring with every filter", """
                            timeout: 30s
                            mirror:
                              - backendRef: {name: shadow, port: 8080}
                                percent: 10
                        """ + headers + cors, """
                            iterations: 5
                            mirror: true
                        """),
                new Case("A/B with every filter", """
                            match:
                              - uri: {prefix: /}
                            rewrite:
                              uri: /v2
                              type: ReplacePrefixMatch
                        """ + headers + cors, abHeadersAndCookie));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("canaries")
    void everyRouteWrittenIsValidAndStoredWithoutDrift(Case c) {
        Canary base = GatewayFixtures.canary(c.service(), c.analysis());
        Canary running = c.sticky() ? withCookies(base, CANARY_COOKIE, null) : base;
        List<String> problems = new ArrayList<>();
        Step step = new Step(c, problems);

        step.run("reconcile", running, r -> r.reconcile(running));
        if (c.abTesting()) {
            step.run("A/B all to the canary", running, r -> r.setRoutes(running, Routes.CANARY_ONLY));
            step.run("A/B promotion", running, r -> r.setRoutes(running, Routes.PRIMARY_ONLY));
        } else if (c.blueGreenMirror()) {
            step.run("mirroring", running, r -> r.setRoutes(running, new Routes(100, 0, true)));
            step.run("switch to the canary", running, r -> r.setRoutes(running, Routes.CANARY_ONLY));
            step.run("promotion", running, r -> r.setRoutes(running, Routes.PRIMARY_ONLY));
        } else {
            step.run("weight 10", running, r -> r.setRoutes(running, Routes.canaryWeight(10)));
            step.run("weight 50", running, r -> r.setRoutes(running, Routes.canaryWeight(50)));
            Canary promoted = c.sticky() ? withCookies(base, null, CANARY_COOKIE) : base;
            step.run("promotion", promoted, r -> r.setRoutes(promoted, Routes.PRIMARY_ONLY));
            Canary next = c.sticky() ? withCookies(base, NEXT_CANARY_COOKIE, CANARY_COOKIE) : base;
            step.run("next run, weight 20", next, r -> r.setRoutes(next, Routes.canaryWeight(20)));
            Canary rolledBack = c.sticky() ? withCookies(base, null, NEXT_CANARY_COOKIE) : base;
            step.run("rollback", rolledBack, r -> r.setRoutes(rolledBack, Routes.PRIMARY_ONLY));
        }

        assertThat(problems).as("routes written for \"%s\"", c).isEmpty();
    }

    private static Canary withCookies(Canary canary, String current, String previous) {
        var status = canary.status().toBuilder().sessionAffinityCookie(current).previousSessionAffinityCookie(previous);
        if (current != null && canary.analysis().sessionAffinity().primaryCookieName() != null) {
            status.primarySessionAffinityCookie(PRIMARY_COOKIE);
        }
        return canary.withStatus(status.build());
    }

    /** Runs one router call, validates the route it left, stores it as the API server would and checks for drift. */
    private final class Step {
        private final Case c;
        private final List<String> problems;

        Step(Case c, List<String> problems) {
            this.c = c;
            this.problems = problems;
        }

        void run(String label, Canary canary, Consumer<GatewayApiTrafficRouter> call) {
            call.accept(router);
            HTTPRoute written = GatewayFixtures.route(client);
            Map<?, ?> tree = JSON.convertValue(written, Map.class);
            routesValidated++;
            for (CrdViolation v : CRD.validate(tree)) {
                problems.add(label + ": " + v);
            }
            assertThat(CRD.prunedFields(tree)).as("%s / %s: fields v1.6.1 does not know", c, label).isEmpty();
            // What the API server stores (defaults applied) must read as the route the router wants.
            HTTPRoute stored = JSON.convertValue(CRD.stored(tree), HTTPRoute.class);
            written.setSpec(JSON.convertValue(stored.getSpec(), HTTPRouteSpec.class));
            client.resource(written).update();
            K8S.requests().clear();
            router.reconcile(canary);
            RequestCounts reconcile = K8S.requests().drain();
            if (reconcile.writes() > 0) {
                problems.add(label + ": a reconcile after the API server stored the route rewrote it (" + reconcile + ")");
            }
        }
    }
}
