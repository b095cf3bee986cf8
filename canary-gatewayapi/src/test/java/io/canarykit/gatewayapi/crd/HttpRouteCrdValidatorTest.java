package io.canarykit.gatewayapi.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The validator itself: it must refuse what a real API server refuses (the three shapes issue 14
 * found, and schema violations), accept a valid route, and refuse to load a rule it cannot run.
 */
class HttpRouteCrdValidatorTest {

    private static final HttpRouteCrdValidator V161 = HttpRouteCrdValidator.v161();
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    /** A valid route; {@code rule} is the YAML of its one rule, indented under {@code rules:}. */
    private static Map<String, Object> route(String hostnames, String rule) {
        return YAML.unmarshal("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: podinfo
                  namespace: default
                spec:
                  parentRefs:
                    - name: gateway
                      namespace: istio-ingress
                  hostnames: %s
                  rules:
                %s
                """.formatted(hostnames, rule), Map.class);
    }

    private static final String BACKENDS = """
                      backendRefs:
                        - name: podinfo-primary
                          port: 9898
                          weight: 90
                        - name: podinfo-canary
                          port: 9898
                          weight: 10
                """;

    @Test
    void compilesEveryRuleOfBothVersions() {
        assertThat(V161.ruleCount()).as("every x-kubernetes-validations rule of the v1 schema").isEqualTo(89);
        assertThat(HttpRouteCrdValidator.v100().ruleCount()).isEqualTo(72);
    }

    @Test
    void acceptsAValidRoute() {
        Map<String, Object> route = route("[app.example.com]", """
                    - matches:
                        - path: {type: PathPrefix, value: /api}
                          headers:
                            - {name: x-canary, value: insider}
                      filters:
                        - type: ResponseHeaderModifier
                          responseHeaderModifier:
                            set: [{name: x-served-by, value: canarykit}]
                            add: [{name: Set-Cookie, value: "c=1; Max-Age=-1"}]
                        - type: URLRewrite
                          urlRewrite:
                            path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}
                      timeouts: {request: 1m30s, backendRequest: 10s}
                """ + BACKENDS);

        assertThat(V161.validate(route)).isEmpty();
    }

    @Test
    void refusesTwoResponseHeaderModifiersInOneRule() {
        Map<String, Object> route = route("[app.example.com]", """
                    - filters:
                        - type: ResponseHeaderModifier
                          responseHeaderModifier:
                            set: [{name: x-served-by, value: canarykit}]
                        - type: ResponseHeaderModifier
                          responseHeaderModifier:
                            add: [{name: Set-Cookie, value: "c=1; Max-Age=-1"}]
                """ + BACKENDS);

        assertThat(V161.validate(route)).containsExactly(new CrdViolation("spec.rules[0].filters",
                "Invalid value: ResponseHeaderModifier filter cannot be repeated"));
    }

    @Test
    void refusesAPrefixRewriteOnARuleWithTwoMatches() {
        Map<String, Object> route = route("[app.example.com]", """
                    - matches:
                        - path: {type: PathPrefix, value: /api}
                          headers: [{name: x-canary, value: insider}]
                        - path: {type: PathPrefix, value: /api}
                          headers: [{name: cookie, type: RegularExpression, value: "canary=always"}]
                      filters:
                        - type: URLRewrite
                          urlRewrite:
                            path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}
                """ + BACKENDS);

        assertThat(V161.validate(route)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("spec.rules[0]");
            assertThat(v.message()).contains("exactly one PathPrefix match must be specified");
        });
    }

    @Test
    void refusesABackendTimeoutLongerThanTheRequestTimeout() {
        Map<String, Object> route = route("[app.example.com]", """
                    - timeouts: {request: 10s, backendRequest: 1m30s}
                """ + BACKENDS);

        assertThat(V161.validate(route)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("spec.rules[0].timeouts");
            assertThat(v.message()).contains("backendRequest timeout cannot be longer than request timeout");
        });
    }

    @Test
    void refusesWhatTheSchemaRefuses() {
        Map<String, Object> route = route("[\"*\", App.Example.com]", """
                    - matches:
                        - path: {type: PathPrefix, value: /a//b}
                      filters:
                        - type: RequestMirror
                          requestMirror:
                            backendRef: {name: shadow}
                            percent: 20
                            fraction: {numerator: 3, denominator: 2}
                      timeouts: {request: 1.5s}
                """ + BACKENDS);
        @SuppressWarnings("unchecked")
        List<Object> parents = (List<Object>) ((Map<String, Object>) route.get("spec")).get("parentRefs");
        parents.add(parents.get(0));

        assertThat(V161.validate(route)).extracting(CrdViolation::path).containsExactlyInAnyOrder(
                "spec.parentRefs",
                "spec.hostnames[0]", "spec.hostnames[1]",
                "spec.rules[0].matches[0].path",
                "spec.rules[0].filters[0].requestMirror",
                "spec.rules[0].filters[0].requestMirror.backendRef",
                "spec.rules[0].filters[0].requestMirror.fraction",
                "spec.rules[0].timeouts.request");
    }

    @Test
    void refusesTypesRequiredFieldsEnumsAndBounds() {
        Map<String, Object> route = route("[app.example.com]", """
                    - matches:
                        - method: FETCH
                          headers: [{value: x}]
                      backendRefs:
                        - name: podinfo-primary
                          port: 70000
                          weight: "90"
                """);

        assertThat(V161.validate(route)).extracting(CrdViolation::toString).containsExactlyInAnyOrder(
                "spec.rules[0].matches[0].method: Unsupported value: \"FETCH\": supported values: "
                        + "[GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH]",
                "spec.rules[0].matches[0].headers[0].name: Required value",
                "spec.rules[0].backendRefs[0].port: Invalid value: 70000: should be less than or equal to 65535",
                "spec.rules[0].backendRefs[0].weight: Invalid value: \"90\": must be of type integer");
    }

    @Test
    void reportsTheFieldsAnOlderVersionPrunes() {
        Map<String, Object> route = route("[app.example.com]", """
                    - filters:
                        - type: RequestMirror
                          requestMirror:
                            backendRef: {name: shadow, port: 8080}
                            percent: 20
                      timeouts: {request: 30s}
                """ + BACKENDS);

        assertThat(HttpRouteCrdValidator.v100().prunedFields(route))
                .containsExactly("spec.rules[0].filters[0].requestMirror.percent", "spec.rules[0].timeouts");
        assertThat(V161.prunedFields(route)).isEmpty();
    }

    @Test
    void aRuleOutsideStandardCelFailsTheLoadInsteadOfPassing() {
        assertThatThrownBy(() -> CelRule.compile("spec.hostnames", Map.of("rule", "self.all(h, isURL(h))")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot compile the rule at spec.hostnames");
        assertThatThrownBy(() -> CelRule.compile("spec", Map.of("rule", "self == oldSelf")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transition rule");
    }
}
