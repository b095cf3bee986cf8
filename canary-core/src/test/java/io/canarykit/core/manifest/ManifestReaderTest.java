package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata:
              name: web
              managedFields: [{manager: kubectl}]
              ownerReferences: [{kind: Foo}]
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80, colour: blue}
              analysis:
                interval: 1m
                threshold: 3
                stepWeight: 10
                foo: bar
                metrics:
                  - name: request-duration
                    thresholdRange: {max: 500, avg: 3}
            """;

    @Test
    void unknownFieldsAreWarningsWithTheirPathAndServerMetadataIsIgnored() {
        ReadResult result = ManifestReader.read(CANARY, "web.yaml");

        assertThat(result.allViolations()).containsExactly(
                Violation.warning("spec.service.colour", "unknown field, ignored"),
                Violation.warning("spec.analysis.foo", "unknown field, ignored"),
                Violation.warning("spec.analysis.metrics[0].thresholdRange.avg", "unknown field, ignored"));
        assertThat(result.hasErrors()).isFalse();
        assertThat(((Canary) result.resources().get(0)).analysis().stepWeight()).isEqualTo(10);
    }

    @Test
    void wrongTypesAreErrorsWithTheirPathNotExceptions() {
        String yaml = CANARY.replace("stepWeight: 10", "stepWeight: ten")
                .replace("port: 80", "port: [80]")
                .replace("max: 500", "max: lots");

        ReadResult result = ManifestReader.read(yaml, "web.yaml");

        assertThat(result.allViolations()).filteredOn(Violation::isError).containsExactly(
                Violation.error("spec.service.port", "must be an integer, got a list"),
                Violation.error("spec.analysis.stepWeight", "must be an integer, got \"ten\""),
                Violation.error("spec.analysis.metrics[0].thresholdRange.max", "must be a number, got \"lots\""));
        assertThatThrownBy(result::resourcesOrThrow).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageContaining("web.yaml: spec.service.port: must be an integer, got a list");
    }

    @Test
    void unknownEnumValuesAndBadTimestampsAreErrors() {
        String yaml = CANARY + "status: {phase: Dancing, lastTransitionTime: yesterday}\n";

        assertThat(ManifestReader.read(yaml, "web.yaml").allViolations()).contains(
                Violation.error("status.phase", "must be one of Initializing, Initialized, Waiting, Progressing, "
                        + "WaitingPromotion, Promoting, Finalising, Succeeded, Failed, Terminating, Terminated, "
                        + "got \"Dancing\""),
                Violation.error("status.lastTransitionTime", "must be an RFC 3339 timestamp, got \"yesterday\""));
    }

    @Test
    void anEmptyPhaseIsUnsetAsFlaggerWritesIt() {
        ReadResult result = ManifestReader.read(CANARY + "status: {phase: \"\"}\n", "web.yaml");

        assertThat(result.allViolations()).noneMatch(v -> v.path().startsWith("status"));
        assertThat(((io.canarykit.api.model.Canary) result.resources().get(0)).status().phase()).isNull();
    }

    @Test
    void syntaxErrorsAreViolationsWithALocation() {
        ReadResult result = ManifestReader.read("kind: Canary\nspec: [\n  - a: b\n", "bad.yaml");

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).startsWith("line ");
            assertThat(v.message()).startsWith("invalid syntax: ");
            assertThat(v.isError()).isTrue();
        });
    }

    @Test
    void duplicateKeysAreSyntaxErrors() {
        ReadResult result = ManifestReader.read(CANARY.replace("  name: web\n", "  name: web\n  name: api\n"), "d.yaml");

        assertThat(result.violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("Duplicate field 'name'"));
    }

    @Test
    void unknownKindsAndGroupsNameTheDocument() {
        String yaml = CANARY + "---\napiVersion: flagger.app/v1beta1\nkind: Canery\n---\napiVersion: apps/v1\nkind: Canary\n"
                + "---\nkind: MetricTemplate\n---\n- a list\n";

        ReadResult result = ManifestReader.read(yaml, "multi.yaml");

        assertThat(result.resources()).hasSize(1);
        assertThat(result.violations()).containsExactly(
                Violation.error("kind", "unknown kind \"Canery\" in document 2, expected Canary, MetricTemplate "
                        + "or AlertProvider (did you mean \"Canary\"?)"),
                Violation.error("apiVersion", "unknown API group \"apps\" in document 3, expected flagger.app/v1beta1"),
                Violation.error("apiVersion", "is required in document 4"),
                Violation.error("document 5", "must be a mapping, got array"));
    }

    @Test
    void otherKindsOfRenderedChartsAreSkipped() {
        String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n" + CANARY
                + "---\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: web}\n";

        ReadResult result = ManifestReader.read(yaml, "rendered.yaml");

        assertThat(result.violations()).isEmpty();
        assertThat(result.resources()).singleElement().isInstanceOf(io.canarykit.api.model.Canary.class);
        assertThat(ManifestReader.read("apiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: ConfigMap\n", "none.yaml")
                .violations()).containsExactly(Violation.error("document",
                        "no manifest found, expected Canary, MetricTemplate or AlertProvider (2 documents of other kinds skipped)"));
    }

    @Test
    void anUnknownVersionOfTheFlaggerGroupIsReadWithAWarning() {
        ReadResult result = ManifestReader.read(CANARY.replace("v1beta1", "v1alpha3"), "old.yaml");

        assertThat(result.manifests().get(0).violations())
                .contains(Violation.warning("apiVersion", "unknown version \"v1alpha3\", read as v1beta1"));
        assertThat(result.resources().get(0).apiVersion()).isEqualTo("flagger.app/v1alpha3");
    }

    @Test
    void emptyDocumentsAreSkippedAndAnEmptySourceIsAnError() throws IOException {
        assertThat(ManifestReader.read(new StringReader("---\n" + CANARY + "---\n"), "r.yaml").manifests())
                .singleElement().satisfies(m -> {
                    assertThat(m.document()).isEqualTo(1);
                    assertThat(m.source()).isEqualTo("r.yaml");
                });
        // helm template and kustomize output: comment-only documents, repeated separators, an explicit end marker.
        String rendered = "---\n# Source: web/templates/canary.yaml\n---\n---   \n" + CANARY + "...\n---\n# Source: x\n---\n";
        assertThat(ManifestReader.read(rendered, "helm.yaml").manifests()).hasSize(1);
        assertThat(ManifestReader.read(rendered, "helm.yaml").violations()).isEmpty();
        assertThat(ManifestReader.read(rendered.replace("\n", "\r\n"), "crlf.yaml").manifests()).hasSize(1);
        assertThat(ManifestReader.read("# nothing\n", "empty.yaml").violations()).containsExactly(
                Violation.error("document", "no manifest found, expected Canary, MetricTemplate or AlertProvider"));
    }

    @Test
    void mapKeysWithDotsAreQuotedInPaths() {
        String yaml = CANARY.replace("  name: web\n", "  name: web\n  labels: {app.kubernetes.io/name: 3}\n");

        assertThat(ManifestReader.read(yaml, "l.yaml").allViolations())
                .contains(Violation.error("metadata.labels[\"app.kubernetes.io/name\"]", "must be a string, got 3"));
    }
}
