package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the mesh routers (canary-istio, canary-linkerd, canary-knative) refuse at reconcile, found
 * by the validator before the manifest is applied: one row per refusal, a clean manifest with one
 * edit, and the router's path and reason.
 */
class MeshRulesTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web}
            spec:
              provider: PROVIDER
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis: {interval: 1m, threshold: 3, maxWeight: 50, stepWeight: 10}
            """;
    private static final String KNATIVE = CANARY.replace("PROVIDER", "knative")
            .replace("apiVersion: apps/v1, kind: Deployment", "apiVersion: serving.knative.dev/v1, kind: Service");
    private static final String SERVICE = "service: {port: 80}";
    private static final String WEIGHTED = "maxWeight: 50, stepWeight: 10}";
    private static final String AB = "match: [{headers: {x-user: {exact: beta}}}]";
    private static final String KNOWN_POLICY_FIELDS = "[connectionPool, loadBalancer, outlierDetection, portLevelSettings, "
            + "proxyProtocol, retryBudget, tls, tunnel]";
    /** The new rules: none of them has anything to say about a provider it is not for. */
    private static final Set<String> MESH_RULES = Set.of("istio-virtual-service", "istio-traffic-policy", "istio-ignored",
            "smi-expressible", "smi-ignored", "knative-expressible");
    /** Everything the mesh rules look at, set in ways one of them refuses. */
    private static final String EVERYTHING = CANARY
            .replace(SERVICE, "service: {port: 80, delegation: true, hosts: [app.example.com], timeout: 10s, "
                    + "retries: {attempts: 3}, corsPolicy: {allowOrigins: [{}]}, trafficPolicy: {loadBalancr: {}}, "
                    + "match: [{port: 70000, queryParams: {q: {prefix: a}}}]}")
            .replace(WEIGHTED, "iterations: 5, mirror: true, sessionAffinity: {cookieName: c}, match: [{name: all}]}");

    static Stream<Arguments> istio() {
        return Stream.of(
                istio(SERVICE, "service: {port: 80, delegation: true, hosts: [app.example.com]}", "spec.service.delegation",
                        "VirtualService web cannot have hosts and gateways when delegation enabled"),
                istio(SERVICE, "service: {port: 80, delegation: true, gateways: [public-gw]}", "spec.service.delegation",
                        "VirtualService web cannot have hosts and gateways when delegation enabled"),
                istio(WEIGHTED, "iterations: 5, match: [{name: everyone}]}", "spec.analysis.match[0]",
                        "has no condition (set headers, queryParams, uri, ...): an empty A/B match would send every "
                                + "request to the canary"),
                istio(WEIGHTED, "iterations: 5, match: [{queryParams: {beta: {prefix: \"1\"}}}]}",
                        "spec.analysis.match[0].queryParams.beta", "Istio matches query parameters with exact or regex only"),
                istio(SERVICE, "service: {port: 80, match: [{queryParams: {beta: {suffix: x}}}]}",
                        "spec.service.match[0].queryParams.beta", "Istio matches query parameters with exact or regex only"),
                istio(SERVICE, "service: {port: 80, match: [{port: 70000}]}", "spec.service.match[0].port",
                        "must be a port number in 1..65535, got 70000"),
                istio(SERVICE, "service: {port: 80, corsPolicy: {allowOrigins: [{exact: a}, {}]}}",
                        "spec.service.corsPolicy.allowOrigins[1]", "must set exactly one of exact, prefix, suffix, regex, got none"),
                istio(SERVICE, "service: {port: 80, appProtocol: TCP}", "spec.analysis.match",
                        "is not supported with appProtocol tcp (TCP routes cannot match requests)",
                        WEIGHTED, "iterations: 5, " + AB + "}"),
                istio(SERVICE, "service: {port: 80, appProtocol: tcp}", "spec.analysis.sessionAffinity",
                        "is not supported with appProtocol tcp (no cookies on TCP)",
                        WEIGHTED, WEIGHTED.replace("}", ", sessionAffinity: {cookieName: c}}")),
                istio(SERVICE, "service: {port: 80, appProtocol: tcp}", "spec.analysis.mirror",
                        "is not supported with appProtocol tcp (Istio mirrors HTTP only)",
                        WEIGHTED, "iterations: 5, mirror: true}"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {loadBalancr: {simple: RANDOM}}}",
                        "spec.service.trafficPolicy.loadBalancr", "is not a field of Istio's TrafficPolicy (known: "
                                + KNOWN_POLICY_FIELDS + ") (did you mean \"loadBalancer\"?)"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {tls: ISTIO_MUTUAL}}", "spec.service.trafficPolicy.tls",
                        "must be an object, got ISTIO_MUTUAL"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {loadBalancer: {simple: ROUND_ROBBIN}}}",
                        "spec.service.trafficPolicy.loadBalancer.simple", "must be one of [LEAST_CONN, LEAST_REQUEST, "
                                + "PASSTHROUGH, RANDOM, ROUND_ROBIN, UNSPECIFIED], got ROUND_ROBBIN (did you mean \"ROUND_ROBIN\"?)"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {loadBalancer: {simple: RANDOM, "
                        + "consistentHash: {httpCookie: {name: u, ttl: 0s}}}}}", "spec.service.trafficPolicy.loadBalancer",
                        "set either simple or consistentHash, not both"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {tls: {mode: MTLS}}}", "spec.service.trafficPolicy.tls.mode",
                        "must be one of [DISABLE, ISTIO_MUTUAL, MUTUAL, SIMPLE], got MTLS"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {portLevelSettings: {port: {number: 80}}}}",
                        "spec.service.trafficPolicy.portLevelSettings", "must be a list"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {portLevelSettings: [80]}}",
                        "spec.service.trafficPolicy.portLevelSettings[0]", "must be an object"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {portLevelSettings: [{loadBalancer: {simple: RANDOM}}]}}",
                        "spec.service.trafficPolicy.portLevelSettings[0].port", "is required (an object with number)"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {portLevelSettings: [{port: {number: 80}, tunnel: {}}]}}",
                        "spec.service.trafficPolicy.portLevelSettings[0].tunnel", "is not a field of Istio's TrafficPolicy "
                                + "(known: [connectionPool, loadBalancer, outlierDetection, port, tls])"),
                istio(SERVICE, "service: {port: 80, trafficPolicy: {portLevelSettings: [{port: {number: 80}, "
                        + "tls: {mode: mutual}}]}}", "spec.service.trafficPolicy.portLevelSettings[0].tls.mode",
                        "must be one of [DISABLE, ISTIO_MUTUAL, MUTUAL, SIMPLE], got mutual (did you mean \"MUTUAL\"?)"),
                istio(SERVICE, "service: {portDiscovery: true, gateways: [istio-system/public-gw]}", "spec.service.port",
                        "is required: the destinations name the port (portDiscovery behind a gateway or in a delegate "
                                + "VirtualService)"),
                istio(SERVICE, "service: {portDiscovery: true, delegation: true}", "spec.service.port",
                        "is required: the destinations name the port (portDiscovery behind a gateway or in a delegate "
                                + "VirtualService)"),
                // Refused by the router and already by the rules for every provider.
                istio(WEIGHTED, "iterations: 5, match: [{uri: {exact: /a, prefix: /b}}]}", "spec.analysis.match[0].uri",
                        "must set exactly one of exact, prefix, suffix, regex, got exact and prefix"),
                istio(WEIGHTED, WEIGHTED.replace("}", ", mirrorWeight: 101}"), "spec.analysis.mirrorWeight",
                        "must be between 0 and 100, got 101"),
                istio(WEIGHTED, WEIGHTED.replace("}", ", sessionAffinity: {maxAge: 60}}"),
                        "spec.analysis.sessionAffinity.cookieName", "is required"));
    }

    static Stream<Arguments> istioIgnores() {
        return Stream.of(
                Arguments.of("mirror: [{backendRef: {name: shadow, port: 80}}]", "spec.service.mirror",
                        "is ignored by provider istio (a Gateway API setting: with Istio, analysis.mirror mirrors to the canary)"),
                Arguments.of("gatewayRefs: [{name: gw}]", "spec.service.gatewayRefs", "is ignored by provider istio (a "
                        + "Gateway API setting: the VirtualService's gateways are service.gateways)"),
                Arguments.of("backendTimeout: 5s", "spec.service.backendTimeout", "is ignored by provider istio (a Gateway "
                        + "API setting: the VirtualService has service.timeout only)"),
                Arguments.of("rewrite: {uri: /v2, type: ReplacePrefixMatch}", "spec.service.rewrite.type",
                        "is ignored by provider istio (Istio replaces a matched prefix by itself)"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("istio")
    void refusesWhatTheIstioRouterRefuses(String manifest, String path, String message) {
        assertThat(validate(manifest)).contains(Violation.error(path, message));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("istioIgnores")
    void warnsAboutWhatTheIstioRouterIgnores(String setting, String path, String message) {
        String manifest = istio(CANARY).replace(SERVICE, "service: {port: 80, " + setting + "}");

        assertThat(validate(manifest)).containsExactly(Violation.warning(path, message));
    }

    @Test
    void whatTheIstioRouterWritesIsClean() {
        String manifest = istio(CANARY).replace(SERVICE, """
                service: {port: 80, portDiscovery: true, gateways: [istio-system/public-gw], hosts: [app.example.com], \
                timeout: 10s, match: [{uri: {prefix: /api}, port: 8080}], corsPolicy: {allowOrigins: [{exact: "https://a"}]}, \
                trafficPolicy: {tls: {mode: ISTIO_MUTUAL}, loadBalancer: {consistentHash: {httpHeaderName: x-user}}, \
                portLevelSettings: [{port: {number: 80}, loadBalancer: {simple: LEAST_REQUEST}}]}}""")
                .replace(WEIGHTED, "iterations: 5, mirror: true, mirrorWeight: 50, sessionAffinity: {cookieName: c}, "
                        + "match: [{headers: {x-user: {exact: beta}}, queryParams: {q: {regex: \"^a\"}}}, {sourceLabels: {app: x}}]}");

        assertThat(validate(manifest)).isEmpty();
    }

    @Test
    void aDelegateWithoutHostsOrGatewaysIsClean() {
        assertThat(validate(istio(CANARY).replace(SERVICE, "service: {port: 80, delegation: true}"))).isEmpty();
    }

    @Test
    void theCanaryAnalysisIsReportedUnderItsOwnPath() {
        String manifest = istio(CANARY).replace("  analysis: {", "  canaryAnalysis: {")
                .replace(WEIGHTED, "iterations: 5, match: [{}]}");

        assertThat(validate(manifest)).containsExactly(Violation.error("spec.canaryAnalysis.match[0]",
                "has no condition (set headers, queryParams, uri, ...): an empty A/B match would send every request to the canary"));
    }

    /**
     * Istio reads an empty string match in headers as "present", and the router writes it; the
     * CRD (Flagger's, and CanaryKit's: a oneOf of exact, prefix, suffix, regex) refuses it, so the
     * validator does too (crd-corpus {@code match-no-kind.yaml}: the CRD is never stricter).
     */
    @Test
    void anEmptyHeaderMatchIsRefusedAsTheCrdRefusesIt() {
        String manifest = istio(CANARY).replace(WEIGHTED, "iterations: 5, match: [{headers: {x-canary: {}}}]}");

        assertThat(validate(manifest)).containsExactly(Violation.error("spec.analysis.match[0].headers.x-canary",
                "must set exactly one of exact, prefix, suffix, regex, got none"));
    }

    static Stream<Arguments> smiProviders() {
        return Stream.of("linkerd", "osm", "smi:v1alpha1", "smi:v1alpha2", "smi:v1alpha3", "smi:v1alpha2:istio").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("smiProviders")
    void refusesWhatATrafficSplitCannotExpress(String provider) {
        String ab = smi(provider).replace(WEIGHTED, "iterations: 5, " + AB + "}");
        String affinity = smi(provider).replace(WEIGHTED, WEIGHTED.replace("}", ", sessionAffinity: {cookieName: c}}"));
        String mirror = smi(provider).replace(WEIGHTED, WEIGHTED.replace("}", ", mirror: true}"));

        assertThat(validate(ab, provider)).containsExactly(Violation.error("spec.analysis.match", "request matching is not "
                + "supported by provider " + provider + " (an SMI TrafficSplit only splits by weight; an A/B test would send "
                + "every request to the canary)"));
        assertThat(validate(affinity, provider)).containsExactly(Violation.error("spec.analysis.sessionAffinity",
                "session affinity is not supported by provider " + provider + " (an SMI TrafficSplit has no cookie-based routing)"));
        assertThat(validate(mirror, provider)).containsExactly(Violation.error("spec.analysis.mirror", "traffic mirroring is "
                + "not supported by provider " + provider + " (an SMI TrafficSplit only splits by weight; a weighted analysis "
                + "would never leave weight 0)"));
    }

    @Test
    void blueGreenMirroringOnATrafficSplitIsAWarning() {
        String manifest = smi("linkerd").replace(WEIGHTED, "iterations: 5, mirror: true}");

        assertThat(validate(manifest)).containsExactly(Violation.warning("spec.analysis.mirror", "traffic mirroring is not "
                + "supported by provider linkerd (an SMI TrafficSplit only splits by weight): the canary gets no mirrored copy, "
                + "only its own traffic"));
    }

    @Test
    void aTrafficSplitIgnoresTheIstioSettingsOfTheService() {
        String manifest = smi("osm").replace(SERVICE, "service: {port: 80, match: [{uri: {prefix: /api}}], rewrite: {uri: /}, "
                + "retries: {attempts: 3}, headers: {request: {set: {x: y}}}, timeout: 10s, trafficPolicy: {tls: {mode: DISABLE}}, "
                + "corsPolicy: {allowOrigin: [\"*\"]}, mirror: [{backendRef: {name: shadow, port: 80}}]}");

        assertThat(validate(manifest)).extracting(Violation::severity).containsOnly(Violation.Severity.WARNING);
        assertThat(validate(manifest)).extracting(Violation::path).containsExactly("spec.service.match", "spec.service.rewrite",
                "spec.service.retries", "spec.service.headers", "spec.service.timeout", "spec.service.trafficPolicy",
                "spec.service.corsPolicy", "spec.service.mirror");
        assertThat(validate(manifest)).first().extracting(Violation::message)
                .isEqualTo("is ignored by provider osm (an SMI TrafficSplit only splits by weight)");
    }

    @Test
    void aWeightedSplitIsClean() {
        assertThat(validate(smi("linkerd"))).isEmpty();
        assertThat(validate(smi("smi:v1alpha3").replace(WEIGHTED, "iterations: 5}"))).isEmpty();
    }

    static Stream<Arguments> knative() {
        return Stream.of(
                Arguments.of("iterations: 5, " + AB + "}", "spec.analysis.match", "A/B testing is not supported by provider "
                        + "knative: a Knative Service splits traffic by percent only, not by header or cookie"),
                Arguments.of("iterations: 5, mirror: true}", "spec.analysis.mirror",
                        "traffic mirroring is not supported by provider knative"),
                Arguments.of(WEIGHTED.replace("}", ", sessionAffinity: {cookieName: c}}"), "spec.analysis.sessionAffinity",
                        "session affinity is not supported by provider knative"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("knative")
    void refusesWhatAKnativeServiceCannotExpress(String analysis, String path, String message) {
        assertThat(validate(KNATIVE.replace(WEIGHTED, analysis))).containsExactly(Violation.error(path, message));
    }

    @Test
    void aKnativeSplitByPercentIsClean() {
        assertThat(validate(KNATIVE.replace(SERVICE, "service: {}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gatewayapi", "nginx", "kubernetes", "contour", "gloo", "appmesh", "skipper", "traefik", "apisix"})
    void theMeshRulesLeaveOtherProvidersAlone(String provider) {
        String manifest = EVERYTHING.replace("provider: PROVIDER", provider.isEmpty() ? "" : "provider: " + provider);
        Canary canary = canary(manifest);

        assertThat(CanaryValidator.rules()).filteredOn(rule -> MESH_RULES.contains(rule.name()))
                .hasSize(MESH_RULES.size())
                .allSatisfy(rule -> assertThat(rule.apply(canary)).as(rule.name()).isEmpty());
    }

    @Test
    void theMeshRulesFindSomethingInTheSameManifestForTheirProviders() {
        for (String provider : List.of("istio", "linkerd", "knative")) {
            Canary canary = canary(EVERYTHING.replace("PROVIDER", provider));
            assertThat(CanaryValidator.rules()).filteredOn(rule -> MESH_RULES.contains(rule.name()))
                    .as(provider).anySatisfy(rule -> assertThat(rule.apply(canary)).isNotEmpty());
        }
    }

    @Test
    void theGatewayApiProviderStillRunsAnAbTest() {
        String manifest = CANARY.replace("PROVIDER", "gatewayapi").replace(SERVICE, "service: {port: 80, gatewayRefs: [{name: gw}]}")
                .replace(WEIGHTED, "iterations: 5, " + AB + ", sessionAffinity: {cookieName: c}}");

        assertThat(validate(manifest)).isEmpty();
    }

    private static String istio(String base) {
        return base.replace("PROVIDER", "istio");
    }

    private static String smi(String provider) {
        return CANARY.replace("PROVIDER", provider);
    }

    private static Arguments istio(String from, String to, String path, String message, String... more) {
        if (!CANARY.contains(from)) {
            throw new IllegalArgumentException("the base manifest has no " + from);
        }
        String manifest = istio(CANARY).replace(from, to);
        for (int i = 0; i + 1 < more.length; i += 2) {
            manifest = manifest.replace(more[i], more[i + 1]);
        }
        return Arguments.of(manifest, path, message);
    }

    private static List<Violation> validate(String manifest) {
        return validate(manifest, "");
    }

    /** What {@code canary validate} reports, in a build that registers {@code router} (a provider outside Flagger's enum). */
    private static List<Violation> validate(String manifest, String router) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        BuildCapabilities build = BuildCapabilities.atLeast(List.of(), router.isEmpty() ? List.of() : List.of(router));
        return Stream.concat(result.allViolations().stream(),
                result.resources().stream().flatMap(r -> ManifestValidator.validate(r, build).stream())).toList();
    }

    private static Canary canary(String manifest) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        assertThat(result.allViolations()).filteredOn(Violation::isError).isEmpty();
        return (Canary) result.resources().get(0);
    }
}
