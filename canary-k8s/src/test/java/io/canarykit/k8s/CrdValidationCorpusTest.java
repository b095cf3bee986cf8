package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.validation.Violation;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs refuse what {@code canary validate} refuses, where a schema can say it. Each manifest of
 * {@code src/test/resources/crd-corpus/} states on its first line what both should do:
 * <ul>
 *   <li>{@code # expect: accepted}: valid for both;</li>
 *   <li>{@code # expect: rejected}: an error for {@code canary validate}, and refused by the CRD's schema;</li>
 *   <li>{@code # expect: validator-only}: an error only {@code canary validate} can find (the second line says
 *       why a structural schema cannot: fields compared with each other, URIs, uniqueness, open provider names).</li>
 * </ul>
 * The CRD is never stricter than the validator: there is no fourth kind. The e2e case
 * {@code CrdValidationE2eTest} applies the same corpus through a real kube-apiserver.
 */
class CrdValidationCorpusTest {

    static final String CORPUS = "crd-corpus";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JSONSchemaProps> SCHEMAS = CanaryCrds.all(CanaryApiGroup.FLAGGER).stream()
            .collect(Collectors.toMap(crd -> crd.getSpec().getNames().getKind(), CrdValidationCorpusTest::schema));

    enum Expect {
        ACCEPTED, REJECTED, VALIDATOR_ONLY;

        static Expect of(String manifest) {
            String first = manifest.lines().findFirst().orElse("");
            if (!first.startsWith("# expect: ")) {
                throw new IllegalArgumentException("the first line must be # expect: accepted|rejected|validator-only");
            }
            return valueOf(first.substring("# expect: ".length()).trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        boolean crdRejects() {
            return this == REJECTED;
        }

        boolean validatorRejects() {
            return this != ACCEPTED;
        }
    }

    static Stream<Path> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(CrdValidationCorpusTest.class.getClassLoader().getResource(CORPUS).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void crdAndValidatorAgreeAsTheManifestSays(Path file) throws IOException {
        String manifest = Files.readString(file);
        Expect expect = Expect.of(manifest);

        List<String> crd = crdViolations(manifest);
        List<Violation> validator = ManifestReader.read(manifest, file.getFileName().toString()).validated().allViolations()
                .stream().filter(Violation::isError).toList();

        assertThat(validator).as("canary validate's errors").hasSize(expect.validatorRejects() ? validator.size() : 0);
        if (expect.validatorRejects()) {
            assertThat(validator).as("canary validate's errors").isNotEmpty();
        }
        if (expect.crdRejects()) {
            assertThat(crd).as("the CRD schema's violations").isNotEmpty();
            // For the same reason: each schema violation is at (or above) a field the validator names.
            List<String> paths = validator.stream().map(Violation::path).toList();
            assertThat(crd).allSatisfy(v -> assertThat(paths).as("validator errors for %s", v)
                    .anyMatch(p -> p.startsWith(v.substring(1, v.indexOf(": ")))));
        } else {
            assertThat(crd).as("the CRD schema's violations").isEmpty();
        }
    }

    @Test
    void theCorpusHasEveryKindOfManifest() throws Exception {
        Map<Expect, Long> counts = corpus().collect(Collectors.groupingBy(f -> Expect.of(read(f)), Collectors.counting()));
        Map<String, Long> kinds = corpus().collect(Collectors.groupingBy(f -> kind(read(f)), Collectors.counting()));

        assertThat(counts).containsOnlyKeys(Expect.values()).allSatisfy((k, n) -> assertThat(n).isGreaterThanOrEqualTo(5));
        assertThat(kinds).containsOnlyKeys("Canary", "MetricTemplate", "AlertProvider");
    }

    @Test
    void everyManifestIsNamedAfterItsFile() throws Exception {
        assertThat(corpus()).allSatisfy(f -> assertThat(YAML.readTree(read(f)).at("/metadata/name").asText())
                .isEqualTo(f.getFileName().toString().replace(".yaml", "")));
    }

    /** What the CRD schema of the manifest's kind says of it, as {@code path: reason}. */
    static List<String> crdViolations(String manifest) throws IOException {
        JsonNode document = YAML.readTree(manifest);
        JSONSchemaProps schema = SCHEMAS.get(document.path("kind").asText());
        assertThat(schema).as("a CRD for kind %s", document.path("kind").asText()).isNotNull();
        return StructuralSchema.violations(schema, document);
    }

    private static String kind(String manifest) {
        try {
            return YAML.readTree(manifest).path("kind").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JSONSchemaProps schema(CustomResourceDefinition crd) {
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

}
