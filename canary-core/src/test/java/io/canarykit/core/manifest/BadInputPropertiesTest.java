package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarykit.api.InvalidCanarySpecException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Bad input, as users feed it: the repository's own manifests, mutated and made hostile, through
 * {@link ManifestReader} and the validator (what {@code canary validate}, the operator and the
 * simulator all do first). Whatever comes in, reading ends in a result, never an exception; every
 * refusal names where (a field path or a line and column); and no document costs more than a
 * bounded time and memory. 10,000 documents per run with the fixed seed of {@link FuzzSettings}.
 */
@AddLifecycleHook(FuzzSettings.class)
class BadInputPropertiesTest {

    private static final List<JsonNode> SEEDS = SeedManifests.all();
    private static final ObjectMapper YAML_OUT = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON_OUT = new ObjectMapper();
    private static final FuzzStatistics STATISTICS = new FuzzStatistics();

    /** CPU time of the reading thread; a runaway (exponential alias expansion, a quadratic scan) takes minutes. */
    private static final Duration MAX_TIME_PER_DOCUMENT = Duration.ofSeconds(2);
    private static final long MAX_ALLOCATED_PER_DOCUMENT = 64L * 1024 * 1024;
    /** A field path, a document number, or a line and column: always one line, never blank. */
    private static final Pattern LOCATION = Pattern.compile("document( \\d+)?|line \\d+, column \\d+|[^\\s\\p{Cntrl}\\u2028\\u2029].*");

    @Property(tries = 6000)
    void mutatedManifestsAreReadOrRefusedWithAPath(@ForAll("seedIndex") int seed,
            @ForAll @Size(min = 1, max = 4) List<Mutation> mutations, @ForAll long randomness, @ForAll boolean asJson)
            throws JsonProcessingException {
        ObjectNode tree = SEEDS.get(seed).deepCopy();
        Random random = new Random(randomness);
        mutations.forEach(mutation -> mutation.apply(tree, random));
        String content = asJson ? JSON_OUT.writeValueAsString(tree) : YAML_OUT.writeValueAsString(tree);

        feed(mutations + (asJson ? " as JSON" : " as YAML"), content);
    }

    @Property(tries = 2500)
    void hostileYamlIsRefusedWithinItsBudget(@ForAll("seedIndex") int seed, @ForAll HostileYaml hostility,
            @ForAll long randomness) throws JsonProcessingException {
        String content = hostility.apply(YAML_OUT.writeValueAsString(SEEDS.get(seed)), new Random(randomness));

        feed(hostility.name(), content);
    }

    @Property(tries = 1500)
    void streamsOfManyDocumentsAreJudgedDocumentByDocument(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 10_000) Integer> picks,
            @ForAll Mutation mutation, @ForAll long randomness) throws JsonProcessingException {
        Random random = new Random(randomness);
        List<String> documents = new ArrayList<>();
        for (int pick : picks) {
            ObjectNode tree = SEEDS.get(pick % SEEDS.size()).deepCopy();
            if (random.nextBoolean()) {
                mutation.apply(tree, random);
            }
            documents.add(YAML_OUT.writeValueAsString(tree));
            if (random.nextInt(4) == 0) {
                documents.add(random.nextBoolean() ? "# only a comment\n" : "apiVersion: apps/v1\nkind: Deployment\n");
            }
        }

        feed("stream of " + documents.size(), String.join("---\n", documents));
    }

    @Provide
    Arbitrary<Integer> seedIndex() {
        return Arbitraries.integers().between(0, SEEDS.size() - 1);
    }

    private static void feed(String label, String content) {
        FuzzStatistics.Measured measured = STATISTICS.measure(label, content,
                () -> ManifestReader.read(content, "fuzz.yaml").validated());
        ReadResult result = measured.result();

        assertThat(result.allViolations()).allSatisfy(violation ->
                assertThat(violation.path()).as("where %s", violation).matches(LOCATION));
        if (result.hasErrors()) {
            assertThatThrownBy(result::resourcesOrThrow).isInstanceOf(InvalidCanarySpecException.class)
                    .satisfies(e -> assertThat(((InvalidCanarySpecException) e).problems()).isNotEmpty());
        } else {
            assertThat(result.resourcesOrThrow()).isNotEmpty();
        }
        assertThat(measured.elapsed()).as("CPU time for %s", label).isLessThan(MAX_TIME_PER_DOCUMENT);
        assertThat(measured.allocatedBytes()).as("bytes allocated for %s", label).isLessThan(MAX_ALLOCATED_PER_DOCUMENT);
    }

    @AfterContainer
    static void writeSummary() {
        STATISTICS.write("bad-input-summary");
    }

    @Property(tries = 1)
    void theSeedsAreTheRepositorysManifests() {
        assertThat(SEEDS).as("seed manifests found in the repository").hasSizeGreaterThan(50);
        assertThat(SEEDS).extracting(seed -> seed.path("kind").asText()).contains("Canary", "MetricTemplate", "AlertProvider");
    }
}
