package io.canarykit.gatewayapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.gatewayapi.crd.HttpRouteCrdValidator;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster with Gateway API v1.0.0 (no CORS filter, no mirror percent or fraction, no rule
 * timeouts): the router reads the installed CRD and never writes what it would prune or refuse, so a
 * route stored by such an API server is not rewritten on the next reconcile.
 */
class GatewayApiOlderVersionTest {

    private static final HttpRouteCrdValidator V100 = HttpRouteCrdValidator.v100();
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(List.of(V100.crd()));

    private static final String EVERY_NEWER_FIELD = """
                timeout: 30s
                backendTimeout: 10s
                headers:
                  response:
                    set: {x-served-by: canarykit}
                mirror:
                  - backendRef: {name: shadow, port: 8080}
                    percent: 20
                  - backendRef: {name: audit, port: 80}
                    fraction: {numerator: 1, denominator: 1000}
                  - backendRef: {name: copy, port: 80}
                corsPolicy:
                  allowOrigin: ["https://example.com"]
                  allowMethods: [GET]
            """;

    private KubernetesClient client;

    @BeforeEach
    void setUp() {
        client = K8S.client();
    }

    @Test
    void readsWhatTheInstalledCrdServes() {
        assertThat(GatewayApiOperator.schema(client).bundleVersion()).contains("v1.0.0");
        assertThat(HttpRouteSchema.from(GatewayApiCrds.httpRoute())).as("a CRD without a schema").isSameAs(HttpRouteSchema.UNKNOWN);
    }

    @Test
    void writesNoFieldThatV100PrunesOrRefusesAndASecondReconcileWritesNothing() {
        Canary canary = GatewayFixtures.canary(EVERY_NEWER_FIELD, "");
        GatewayApiTrafficRouter router = GatewayApiTrafficRouter.direct(client);

        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));

        HTTPRoute written = GatewayFixtures.route(client);
        Map<?, ?> tree = JSON.convertValue(written, Map.class);
        assertThat(V100.prunedFields(tree)).as("fields v1.0.0 would prune").isEmpty();
        assertThat(V100.validate(tree)).as("what v1.0.0 would refuse").isEmpty();
        HTTPRouteRule rule = written.getSpec().getRules().get(0);
        assertThat(rule.getTimeouts()).isNull();
        assertThat(rule.getFilters()).extracting(HTTPRouteFilter::getType)
                .as("a mirror of 20% or 1 in 1000 would mirror everything without its percent or fraction: left out")
                .containsExactly("ResponseHeaderModifier", "RequestMirror");
        assertThat(rule.getFilters().get(1).getRequestMirror().getBackendRef().getName()).isEqualTo("copy");
        assertThat(GatewayFixtures.weights(rule)).containsExactly("podinfo-primary=90", "podinfo-canary=10");

        // Store it as a v1.0.0 API server would (defaults applied, unknown fields pruned), then reconcile twice.
        written.setSpec(JSON.convertValue(V100.stored(tree).get("spec"), HTTPRouteSpec.class));
        client.resource(written).update();
        K8S.requests().clear();
        router.reconcile(canary);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));

        RequestCounts requests = K8S.requests().drain();
        assertThat(requests.writes()).as("no PUT or PATCH: %s", requests).isZero();
    }

    @Test
    void withoutTheSchemaTheRouterWouldRewriteTheRouteOnEveryReconcile() {
        // The loop this prevents: written as rendered, stored pruned, read back as drift, written again.
        Canary canary = GatewayFixtures.canary(EVERY_NEWER_FIELD, "");
        GatewayApiTrafficRouter blind = GatewayApiTrafficRouter.of(client, HttpRouteCaches.direct(client), HttpRouteSchema.UNKNOWN);
        blind.reconcile(canary);
        HTTPRoute written = GatewayFixtures.route(client);
        Map<?, ?> tree = JSON.convertValue(written, Map.class);
        assertThat(V100.prunedFields(tree)).isNotEmpty();
        written.setSpec(JSON.convertValue(V100.stored(tree).get("spec"), HTTPRouteSpec.class));
        client.resource(written).update();
        K8S.requests().clear();

        blind.reconcile(canary);

        assertThat(K8S.requests().drain().writes()).isEqualTo(1);
    }
}
