package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.manifest.ManifestReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules Flagger's CRD states and the validator now states too (so that the CRDs can carry them):
 * the optional references of a Canary, and a secretRef's name.
 */
class FlaggerReferenceRulesTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis: {interval: 1m, threshold: 3, maxWeight: 50, stepWeight: 10}
            """;

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            autoscalerRef: {kind: HorizontalPodAutoscaler, name: web}     | spec.autoscalerRef.apiVersion | is required
            autoscalerRef: {apiVersion: autoscaling/v2, kind: Hpa, name: web} | spec.autoscalerRef.kind | must be one of HorizontalPodAutoscaler, ScaledObject, got "Hpa"
            autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web, primaryScalerReplicas: {minReplicas: 0}} | spec.autoscalerRef.primaryScalerReplicas.minReplicas | must be at least 1, got 0
            ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress}   | spec.ingressRef.name | is required
            routeRef: {apiVersion: apisix.apache.org/v2, kind: Route, name: r} | spec.routeRef.kind | must be one of ApisixRoute, got "Route"
            upstreamRef: {kind: Upstream, name: u}                          | spec.upstreamRef.apiVersion | is required
            """)
    void aReferenceNeedsApiVersionKindAndNameAndAKindFlaggerKnows(String field, String path, String message) {
        String yaml = CANARY.replace("  service:", "  " + field + "\n  service:");

        assertThat(errors(yaml)).containsExactly(Violation.error(path, message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web, primaryScalerReplicas: {minReplicas: 2, maxReplicas: 4}}
            autoscalerRef: {apiVersion: keda.sh/v1alpha1, kind: ScaledObject, name: web}
            ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}
            upstreamRef: {apiVersion: gloo.solo.io/v1, kind: Upstream, name: u, namespace: gloo}
            """)
    void completeReferencesAreValid(String field) {
        assertThat(errors(CANARY.replace("  service:", "  " + field + "\n  service:"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            MetricTemplate | {provider: {type: datadog, secretRef: {}}, query: q}     | spec.provider.secretRef.name
            AlertProvider  | {type: slack, secretRef: {namespace: x}}                | spec.secretRef.name
            """)
    void aSecretRefNamesItsSecret(String kind, String spec, String path) {
        String yaml = "apiVersion: flagger.app/v1beta1\nkind: " + kind + "\nmetadata: {name: x}\nspec: " + spec + "\n";

        assertThat(errors(yaml)).containsExactly(Violation.error(path, "is required"));
    }

    private static List<Violation> errors(String yaml) {
        return ManifestReader.read(yaml, "test.yaml").validated().allViolations().stream().filter(Violation::isError).toList();
    }
}
