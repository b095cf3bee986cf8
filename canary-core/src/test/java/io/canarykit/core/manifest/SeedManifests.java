package io.canarykit.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests this repository already holds (Flagger's documentation and test fixtures, our
 * examples, the CRD corpus), one document each: the starting points that mutation bends out of shape.
 */
final class SeedManifests {

    private static final Set<String> KINDS = Set.of("Canary", "MetricTemplate", "AlertProvider");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SeedManifests() {
    }

    /** Every Canary, MetricTemplate and AlertProvider document under the repository root. */
    static List<JsonNode> all() {
        Path root = repositoryRoot();
        List<JsonNode> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(SeedManifests::isCandidate).sorted().forEach(file -> seeds.addAll(documents(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(seeds);
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("canary-core")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + here);
    }

    private static boolean isCandidate(Path file) {
        String path = file.toString();
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !path.contains("/target/") && !path.contains("/.git/")
                && Files.isRegularFile(file);
    }

    private static List<JsonNode> documents(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && doc.isObject() && KINDS.contains(doc.path("kind").asText())
                        && doc.path("apiVersion").asText().startsWith("flagger.app/")) {
                    out.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Some fixtures are deliberately broken (the CRD corpus); they seed nothing.
        }
        return out;
    }
}
