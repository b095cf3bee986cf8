package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What ingress-nginx annotations cannot express: one row per refused match, with its path and message. */
class NginxRulesTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web}
            spec:
              provider: nginx
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}
              service: {port: 80}
              analysis: {interval: 1m, threshold: 3, iterations: 5, match: MATCH}
            """;
    private static final String UNSUPPORTED = "is not supported by the nginx provider (an A/B match is one header and one "
            + "cookie: canary-by-header, canary-by-cookie)";

    static Stream<Arguments> refused() {
        return Stream.of(
                row("[{uri: {prefix: /api}}]", "spec.analysis.match[0].uri", UNSUPPORTED),
                row("[{headers: {x-user: {exact: a}}, method: {exact: GET}}]", "spec.analysis.match[0].method", UNSUPPORTED),
                row("[{headers: {x-user: {exact: a}}, queryParams: {beta: {exact: \"1\"}}}]",
                        "spec.analysis.match[0].queryParams", UNSUPPORTED),
                row("[{headers: {x-user: {exact: a}}, withoutHeaders: {x-bot: {exact: \"1\"}}}]",
                        "spec.analysis.match[0].withoutHeaders", UNSUPPORTED),
                row("[{headers: {x-user: {exact: a}}, sourceLabels: {app: x}}]", "spec.analysis.match[0].sourceLabels", UNSUPPORTED),
                row("[{headers: {x-user: {prefix: beta}}}]", "spec.analysis.match[0].headers.x-user",
                        "prefix match is not supported by the nginx provider (supported: exact or regex)"),
                row("[{headers: {x-user: {suffix: beta}}}]", "spec.analysis.match[0].headers.x-user",
                        "suffix match is not supported by the nginx provider (supported: exact or regex)"),
                row("[{headers: {cookie: {regex: \"^canary\"}}}]", "spec.analysis.match[0].headers.cookie",
                        "regex match is not supported by the nginx provider for the cookie (supported: exact, the cookie's name)"),
                row("[{headers: {x-a: {exact: \"1\"}}}, {headers: {x-b: {exact: \"2\"}}}]", "spec.analysis.match[1].headers.x-b",
                        "must be the only header match with the nginx provider (canary-by-header names one), got "
                                + "spec.analysis.match[0].headers.x-a too"),
                row("[{headers: {x-a: {exact: \"1\"}, x-b: {exact: \"2\"}}}]", "spec.analysis.match[0].headers.x-b",
                        "must be the only header match with the nginx provider (canary-by-header names one), got "
                                + "spec.analysis.match[0].headers.x-a too"),
                row("[{headers: {cookie: {exact: a}}}, {headers: {cookie: {exact: b}}}]", "spec.analysis.match[1].headers.cookie",
                        "must be the only cookie match with the nginx provider (canary-by-cookie names one), got "
                                + "spec.analysis.match[0].headers.cookie too"),
                row("[{name: empty}]", "spec.analysis.match[0].headers",
                        "is required with the nginx provider (a header or the cookie header)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatNginxAnnotationsCannotExpress(String manifest, String path, String message) {
        assertThat(validate(manifest)).contains(Violation.error(path, message));
    }

    @Test
    void aHeaderAndACookieAreExpressible() {
        assertThat(validate(CANARY.replace("MATCH", "[{headers: {x-canary: {exact: insider}}}, {headers: {cookie: {exact: canary}}}]")))
                .isEmpty();
        assertThat(validate(CANARY.replace("MATCH", "[{headers: {x-canary: {regex: \"^(a|b)$\"}, cookie: {exact: canary}}}]")))
                .isEmpty();
    }

    @Test
    void theIngressRefIsRequired() {
        String manifest = CANARY.replace("  ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}\n", "")
                .replace("match: MATCH", "match: []");

        assertThat(validate(manifest)).containsExactly(Violation.error("spec.ingressRef",
                "is required for provider nginx (the Ingress whose canary copy the router manages)"));
    }

    @Test
    void mirroringIsAWarning() {
        String manifest = CANARY.replace("match: MATCH", "mirror: true");

        assertThat(validate(manifest)).containsExactly(Violation.warning("spec.analysis.mirror",
                "traffic mirroring is not supported by the nginx provider: the canary gets no mirrored traffic"));
    }

    @Test
    void anotherProviderIsNotConcerned() {
        String manifest = CANARY.replace("provider: nginx", "provider: istio").replace("MATCH", "[{headers: {x-user: {prefix: b}}}]");

        assertThat(validate(manifest)).isEmpty();
    }

    private static Arguments row(String match, String path, String message) {
        return Arguments.of(CANARY.replace("MATCH", match), path, message);
    }

    private static List<Violation> validate(String manifest) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        return Stream.concat(result.allViolations().stream(),
                result.resources().stream().flatMap(r -> ManifestValidator.validate(r).stream())).toList();
    }
}
