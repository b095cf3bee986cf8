package io.canarykit.istio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the router cannot express is refused at reconcile, naming the field, before anything is
 * written (TestIstioRouter_Delegate "invalid", and the cases Istio's API would refuse or misroute).
 */
class IstioSpecRefusalsTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(IstioCrds.all());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            spec.service.delegation: VirtualService podinfo.default cannot have hosts and gateways when delegation enabled | service: {port: 9898, delegation: true, gateways: [istio/public-gateway, mesh]}
            spec.service.delegation: VirtualService podinfo.default cannot have hosts and gateways                        | service: {port: 9898, delegation: true, hosts: [app.example.com]}
            spec.analysis.match[1]: has no condition                                                                      | {service: {port: 9898}, analysis: {iterations: 2, match: [{headers: {x-user: {exact: a}}}, {name: empty}]}}
            spec.analysis.match[0].headers.x-user: must set exactly one of exact, prefix, suffix, regex, got 2           | {service: {port: 9898}, analysis: {iterations: 2, match: [{headers: {x-user: {exact: a, regex: b}}}]}}
            spec.service.match[0].uri: must set exactly one of exact, prefix, suffix, regex, got 0                        | service: {port: 9898, match: [{uri: {}}]}
            spec.analysis.match[0].queryParams.user: Istio matches query parameters with exact or regex only             | {service: {port: 9898}, analysis: {iterations: 2, match: [{queryParams: {user: {prefix: a}}}]}}
            spec.service.trafficPolicy.tlsMode: is not a field of Istio's TrafficPolicy                                   | service: {port: 9898, trafficPolicy: {tlsMode: DISABLE}}
            spec.service.trafficPolicy.tls: must be an object                                                             | service: {port: 9898, trafficPolicy: {tls: DISABLE}}
            spec.service.trafficPolicy.loadBalancer.simple: must be one of                                                | service: {port: 9898, trafficPolicy: {loadBalancer: {simple: ROUND_ROBBIN}}}
            spec.service.trafficPolicy.tls.mode: must be one of                                                           | service: {port: 9898, trafficPolicy: {tls: {mode: STRICT}}}
            spec.service.trafficPolicy.portLevelSettings[0].port: is required                                             | service: {port: 9898, trafficPolicy: {portLevelSettings: [{tls: {mode: DISABLE}}]}}
            spec.analysis.mirrorWeight: must be between 0 and 100, got 120                                                | {service: {port: 9898}, analysis: {mirror: true, mirrorWeight: 120}}
            spec.analysis.match: is not supported with appProtocol tcp                                                    | {service: {port: 9898, appProtocol: tcp}, analysis: {iterations: 2, match: [{headers: {x-user: {exact: a}}}]}}
            spec.analysis.mirror: is not supported with appProtocol tcp                                                   | {service: {port: 9898, appProtocol: TCP}, analysis: {mirror: true}}
            spec.analysis.sessionAffinity: is not supported with appProtocol tcp                                          | {service: {port: 9898, appProtocol: tcp}, analysis: {sessionAffinity: {cookieName: c}}}
            spec.service.port: is required                                                                                | service: {portDiscovery: true, delegation: true}
            """)
    void refusesWithTheFieldPathAndWritesNothing(String message, String spec) {
        Canary canary = IstioFixtures.canary("  " + (spec.startsWith("{") ? spec.substring(1, spec.length() - 1)
                .replace("}, analysis:", "}\n  analysis:") : spec));
        IstioTrafficRouter router = IstioTrafficRouter.direct(K8S.client());

        assertThatThrownBy(() -> router.reconcile(canary)).isInstanceOf(InvalidCanarySpecException.class).hasMessageStartingWith(message);
        assertThat(K8S.requests().drain().writes()).isZero();
    }

    @Test
    void presenceMatchesOnHeadersAndQueryParametersAreAccepted() {
        Canary canary = IstioFixtures.canary("""
                  service:
                    port: 9898
                  analysis:
                    iterations: 2
                    match:
                      - headers:
                          x-canary: {}
                        queryParams:
                          canary: {}
                """);

        IstioTrafficRouter.direct(K8S.client()).reconcile(canary);

        assertThat(IstioFixtures.at(IstioFixtures.http(IstioFixtures.virtualService(K8S.client(), "podinfo")).get(0), "match", 0))
                .isEqualTo(java.util.Map.of("headers", java.util.Map.of("x-canary", java.util.Map.of()),
                        "queryParams", java.util.Map.of("canary", java.util.Map.of())));
    }
}
