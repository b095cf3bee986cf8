package io.canarykit.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.manifest.ManifestReader;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the split back from VirtualServices the router did not write itself (hand edits, Flagger's own). */
class VirtualServiceWeightsTest {

    private static final Canary CANARY = (Canary) ManifestReader.read("""
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: podinfo, namespace: default}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
              service: {port: 9898}
            """, "fixture").resourcesOrThrow().get(0);

    @Test
    void theWeightedRouteIsTheLastOneWithTheCanaryDestination() {
        assertThat(VirtualServiceWeights.read(spec("""
                http:
                - match: [{headers: {Cookie: {regex: ".*c.*v.*"}}}]
                  route:
                  - {destination: {host: podinfo-primary}, weight: 0}
                  - {destination: {host: podinfo-canary}, weight: 100}
                - mirror: {host: podinfo-canary}
                  route:
                  - {destination: {host: podinfo-primary}, weight: 70}
                  - {destination: {host: podinfo-canary}, weight: 30}
                - route:
                  - {destination: {host: podinfo-primary}, weight: 100}
                """), CANARY)).contains(new Routes(70, 30, true));
    }

    @Test
    void relativeWeightsOfAHandEditAreReadAsPercentages() {
        assertThat(VirtualServiceWeights.read(spec("""
                http:
                - route:
                  - {destination: {host: podinfo-primary}, weight: 3}
                  - {destination: {host: podinfo-canary}, weight: 1}
                """), CANARY)).contains(new Routes(75, 25, false));
    }

    @Test
    void noWeightOnEitherSideReadsAsNoSplit() {
        assertThat(VirtualServiceWeights.read(spec("""
                http:
                - route:
                  - {destination: {host: podinfo-primary}}
                  - {destination: {host: podinfo-canary}}
                """), CANARY)).isEmpty();
        assertThat(VirtualServiceWeights.read(spec("""
                http:
                - route:
                  - {destination: {host: podinfo}}
                """), CANARY)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(String yaml) {
        return new KubernetesSerialization().unmarshal(yaml, Map.class);
    }
}
