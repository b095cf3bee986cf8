package io.canarykit.core.manifest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.StringReader;
import org.yaml.snakeyaml.events.ScalarEvent;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads YAML documents into trees the way kubectl does, anchors, aliases and merge keys included.
 * Jackson's YAML parser does not expand an alias: it hands over the anchor's name as a string, so
 * {@code url: *hook} would silently read as the URL {@code "hook"}. Here an alias stands for the
 * anchored value, within the budgets of {@link InputLimits}: aliases are counted, and so are the
 * values they expand to, which is what defuses a "billion laughs" (nine aliases of nine aliases of
 * ...) before it costs more than the text it came in.
 */
final class YamlTrees implements Closeable {

    private static final String MERGE_KEY = "<<";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AnchorParser parser;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private int aliases;
    private long values;

    /** An anchored value, with what each use of it costs. */
    private record Anchored(JsonNode node, long values, int height) {
    }

    /** A value read, with its height (nesting levels it spans). */
    private record Read(JsonNode node, int height) {
    }

    YamlTrees(String content) {
        this.parser = AnchorParser.of(content);
    }

    /** The next document's tree, or empty at the end of the stream. */
    java.util.Optional<JsonNode> nextDocument() throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? java.util.Optional.empty() : java.util.Optional.of(value(token, 0).node());
    }

    private Read value(JsonToken token, int depth) throws IOException {
        if (parser.isCurrentAlias()) {
            return alias(parser.getText(), depth);
        }
        String anchor = parser.anchor();
        long before = values;
        count();
        Read read = switch (token) {
            case START_OBJECT -> object(depth);
            case START_ARRAY -> array(depth);
            default -> new Read(scalar(token), 0);
        };
        if (anchor != null) {
            anchors.put(anchor, new Anchored(read.node(), values - before, read.height()));
        }
        return read;
    }

    private Read object(int depth) throws IOException {
        ObjectNode object = NODES.objectNode();
        List<JsonNode> merged = new ArrayList<>();
        int height = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            Read child = value(parser.nextToken(), depth + 1);
            height = Math.max(height, child.height() + 1);
            if (MERGE_KEY.equals(name) && isMergeable(child.node())) {
                merged.add(child.node());
            } else {
                object.set(name, child.node());
            }
        }
        // YAML merge keys: keys written in the mapping win, then earlier merged mappings over later ones.
        for (JsonNode source : merged) {
            for (JsonNode one : source.isArray() ? source : List.of(source)) {
                one.properties().forEach(field -> {
                    if (!object.has(field.getKey())) {
                        object.set(field.getKey(), field.getValue());
                    }
                });
            }
        }
        return new Read(object, height);
    }

    private static boolean isMergeable(JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    private Read array(int depth) throws IOException {
        ArrayNode array = NODES.arrayNode();
        int height = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            Read child = value(token, depth + 1);
            height = Math.max(height, child.height() + 1);
            array.add(child.node());
        }
        return new Read(array, height);
    }

    private JsonNode scalar(JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_EMBEDDED_OBJECT -> embedded(parser.getEmbeddedObject());
            default -> NODES.nullNode();
        };
    }

    /** {@code !!binary} is the one tag that makes the parser embed an object; it stays opaque bytes. */
    private static JsonNode embedded(@Nullable Object value) {
        return value instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.textNode(String.valueOf(value));
    }

    private Read alias(String name, int depth) throws IOException {
        Anchored anchored = anchors.get(name);
        if (anchored == null) {
            throw limit("alias *" + name + " names no anchor defined before it");
        }
        if (++aliases > InputLimits.MAX_ALIASES) {
            throw limit("more than " + InputLimits.MAX_ALIASES + " YAML aliases");
        }
        values += anchored.values();
        if (values > InputLimits.MAX_NODES) {
            throw limit("YAML aliases expand to more than " + InputLimits.MAX_NODES + " values");
        }
        if (depth + anchored.height() > InputLimits.MAX_NESTING_DEPTH) {
            throw limit("alias *" + name + " nests deeper than " + InputLimits.MAX_NESTING_DEPTH + " levels");
        }
        return new Read(anchored.node(), anchored.height());
    }

    private void count() throws StreamConstraintsException {
        if (++values > InputLimits.MAX_NODES) {
            throw limit("more than " + InputLimits.MAX_NODES + " values");
        }
    }

    private StreamConstraintsException limit(String message) {
        return new StreamConstraintsException(message, parser.currentTokenLocation());
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /**
     * Jackson's parser reports the anchor of a mapping or a list but drops that of a single value
     * ({@code timeout: &t 5s}); the SnakeYAML event it read still has it.
     */
    private static final class AnchorParser extends YAMLParser {

        private AnchorParser(IOContext context, String content) {
            super(context, Mappers.YAML.getFactory().getParserFeatures(),
                    ((YAMLFactory) Mappers.YAML.getFactory()).getFormatParserFeatures(), Mappers.LOADER_OPTIONS,
                    Mappers.YAML, new StringReader(content));
        }

        static AnchorParser of(String content) {
            IOContext context = new IOContext(Mappers.CONSTRAINTS, StreamWriteConstraints.defaults(),
                    ErrorReportConfiguration.defaults(), new BufferRecycler(), ContentReference.construct(false, content), true);
            return new AnchorParser(context, content);
        }

        @Nullable String anchor() {
            return _lastEvent instanceof ScalarEvent scalar ? scalar.getAnchor() : getCurrentAnchor();
        }
    }
}
