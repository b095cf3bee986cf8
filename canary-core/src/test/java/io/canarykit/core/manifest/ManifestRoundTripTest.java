package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.IntOrString;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.validation.ManifestValidator;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestRoundTripTest {

    @Test
    void referenceManifestsLoadValidateAndRoundTrip() throws IOException {
        ReadResult result = ManifestReader.read(resource("web.yaml"));

        assertThat(result.allViolations()).isEmpty();
        assertThat(result.resources()).hasSize(2);
        assertThat(result.resources().get(0)).isInstanceOf(MetricTemplate.class);
        Canary canary = (Canary) result.resources().get(1);
        assertThat(canary.metadata().key()).isEqualTo("prod/web");
        assertThat(canary.spec().service().targetPort()).isEqualTo(IntOrString.of(8080));
        assertThat(canary.analysis().metrics().get(0).thresholdRange().max()).isEqualTo(1.0);
        assertThat(canary.analysis().webhooks().get(0).metadata())
                .containsEntry("cmd", "hey -z 1m -q 10 -c 2 http://web-canary.prod:80/");
        assertThat(errorsOf(result.resources())).isEmpty();
        assertRoundTrips(result.resources());
    }

    @Test
    void examplesCopyIsTheReferenceManifest() throws IOException {
        Path examples = Path.of("..", "examples", "manifests", "web.yaml");
        assertThat(Files.readString(examples)).isEqualTo(Files.readString(resource("web.yaml")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gatewayapi-canary.yaml", "gatewayapi-session-affinity.yaml", "istio-canary.yaml",
        "istio-ab-testing.yaml", "linkerd-canary.yaml", "nginx-canary.yaml", "nginx-ab-testing.yaml",
        "contour-canary.yaml", "kubernetes-blue-green.yaml", "alert-providers.yaml"})
    void flaggerDocumentationManifestsLoadWithoutErrors(String file) throws IOException {
        ReadResult result = ManifestReader.read(resource("flagger-docs/" + file));

        assertThat(result.allViolations()).isEmpty();
        assertThat(result.resources()).isNotEmpty();
        assertThat(errorsOf(result.resources())).isEmpty();
        assertRoundTrips(result.resources());
    }

    @Test
    void statusRoundTripsWithRfc3339InstantsAndWirePhases() {
        String yaml = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: web
                  creationTimestamp: "2026-01-02T03:04:05Z"
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80, targetPort: http}
                  analysis: {interval: 1m, threshold: 3, stepWeights: [5, 10]}
                status:
                  phase: WaitingPromotion
                  failedChecks: 1
                  canaryWeight: 10
                  iterations: 0
                  trackedConfigs: {configmap/web: abc}
                  lastTransitionTime: "2026-01-02T03:04:05Z"
                  conditions:
                    - type: Promoted
                      status: Unknown
                      lastUpdateTime: "2026-01-02T03:04:05Z"
                """;
        List<CanaryResource> resources = ManifestReader.read(yaml, "status.yaml").resourcesOrThrow();
        String written = ManifestWriter.toYaml(resources.get(0));

        assertThat(written).contains("phase: WaitingPromotion", "lastTransitionTime: 2026-01-02T03:04:05Z",
                "creationTimestamp: 2026-01-02T03:04:05Z", "targetPort: http");
        assertRoundTrips(resources);
    }

    @Test
    void writerOmitsNullsEmptyCollectionsAndEmptyStatus() throws IOException {
        Canary canary = (Canary) ManifestReader.read(resource("web.yaml")).resources().get(1);

        String yaml = ManifestWriter.toYaml(canary);

        assertThat(yaml).doesNotContain("status", "null", "[]", "{}", "alerts", "provider");
        assertThat(yaml).contains("targetPort: 8080", "max: 1\n", "type: rollout");
    }

    @Test
    void jsonStreamsAndArraysReadLikeYaml() throws IOException {
        List<CanaryResource> resources = ManifestReader.read(resource("web.yaml")).resources();

        String array = ManifestWriter.toJson(resources);
        String stream = ManifestWriter.toJson(resources.get(0)) + ManifestWriter.toJson(resources.get(1));

        assertThat(ManifestReader.read(array, "a.json").resourcesOrThrow()).isEqualTo(resources);
        assertThat(ManifestReader.read(stream, "s.json").resourcesOrThrow()).isEqualTo(resources);
    }

    static List<Violation> errorsOf(List<CanaryResource> resources) {
        return resources.stream().flatMap(r -> ManifestValidator.validate(r).stream()).filter(Violation::isError).toList();
    }

    static void assertRoundTrips(List<CanaryResource> resources) {
        String yaml = ManifestWriter.toYaml(resources);
        ReadResult again = ManifestReader.read(yaml, "round-trip.yaml");
        assertThat(again.allViolations()).isEmpty();
        assertThat(again.resources()).isEqualTo(resources);
        assertThat(ManifestWriter.toYaml(again.resources())).isEqualTo(yaml);
        assertThat(ManifestReader.read(ManifestWriter.toJson(resources), "round-trip.json").resources())
                .isEqualTo(resources);
    }

    static Path resource(String name) {
        return Path.of("src", "test", "resources", name);
    }
}
