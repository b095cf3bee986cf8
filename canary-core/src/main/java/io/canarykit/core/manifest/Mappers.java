package io.canarykit.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.LoaderOptions;

/** The Jackson mappers of this package; configured once, thread-safe, never handed out. */
final class Mappers {

    /** The parser-level guards; {@link YamlTrees} adds the alias budget that SnakeYAML's composer would apply. */
    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(InputLimits.MAX_NESTING_DEPTH)
            .maxDocumentLength(InputLimits.MAX_CHARACTERS)
            .maxStringLength(InputLimits.MAX_CHARACTERS)
            .build();

    /** Duplicate keys are an error (Kubernetes rejects them too), not a silent last-one-wins. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static final LoaderOptions LOADER_OPTIONS = loaderOptions();

    static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(LOADER_OPTIONS)
            .streamReadConstraints(CONSTRAINTS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Mappers() {
    }

    /**
     * SnakeYAML's own limits, set deliberately rather than inherited. Jackson drives SnakeYAML's
     * event parser, not its composer, so only the code-point limit acts at this level; nesting and
     * aliases are enforced by {@link #CONSTRAINTS} and {@link YamlTrees}. The others are set all
     * the same, so that no future change of the parsing path silently drops them.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(InputLimits.MAX_CHARACTERS);
        options.setNestingDepthLimit(InputLimits.MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(InputLimits.MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        return options;
    }
}
