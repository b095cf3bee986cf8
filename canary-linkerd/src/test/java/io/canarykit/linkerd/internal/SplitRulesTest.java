package io.canarykit.linkerd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import org.junit.jupiter.api.Test;

/** What a TrafficSplit cannot express is refused with the field's path. */
class SplitRulesTest {

    private static Canary canary(String analysisKey, String analysis) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: default}
                spec:
                  provider: linkerd
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
                  service: {port: 80}
                  %s:
                    interval: 1m
                %s
                """.formatted(analysisKey, analysis), "fixture").resourcesOrThrow().get(0);
    }

    @Test
    void aWeightedAnalysisPasses() {
        assertThat(SplitRules.problems(canary("analysis", "    maxWeight: 50\n    stepWeight: 10"), "linkerd")).isEmpty();
    }

    @Test
    void blueGreenPassesWithAndWithoutMirror() {
        assertThat(SplitRules.problems(canary("analysis", "    iterations: 5"), "linkerd")).isEmpty();
        assertThat(SplitRules.problems(canary("analysis", "    iterations: 5\n    mirror: true"), "linkerd")).isEmpty();
    }

    @Test
    void abTestingIsRefusedWithThePath() {
        Canary ab = canary("analysis", "    iterations: 10\n    match:\n      - headers: {x-canary: {exact: insider}}");

        assertThatThrownBy(() -> SplitRules.check(ab, "smi:v1alpha3")).isInstanceOfSatisfying(InvalidCanarySpecException.class,
                e -> assertThat(e.problems()).containsExactly("spec.analysis.match: request matching is not supported by provider "
                        + "smi:v1alpha3 (an SMI TrafficSplit only splits by weight; an A/B test would send every request to the canary)"));
    }

    @Test
    void aMatchOnAWeightedAnalysisIsRefusedToo() {
        Canary weighted = canary("analysis", "    maxWeight: 50\n    stepWeight: 10\n    match:\n      - uri: {prefix: /api}");

        assertThat(SplitRules.problems(weighted, "linkerd")).singleElement().asString()
                .startsWith("spec.analysis.match: request matching is not supported by provider linkerd");
    }

    @Test
    void sessionAffinityAndMirroringAWeightedAnalysisAreRefusedUnderTheDeprecatedKeyToo() {
        Canary canary = canary("canaryAnalysis",
                "    maxWeight: 50\n    stepWeight: 10\n    mirror: true\n    sessionAffinity: {cookieName: flagger-cookie}");

        assertThat(SplitRules.problems(canary, "osm")).containsExactly(
                "spec.canaryAnalysis.mirror: traffic mirroring is not supported by provider osm (an SMI TrafficSplit only splits "
                        + "by weight; a weighted analysis would never leave weight 0)",
                "spec.canaryAnalysis.sessionAffinity: session affinity is not supported by provider osm (an SMI TrafficSplit has "
                        + "no cookie-based routing)");
    }
}
