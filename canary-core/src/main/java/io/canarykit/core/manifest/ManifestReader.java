package io.canarykit.core.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.validation.ClosestName;
import io.canarykit.core.validation.Printable;
import io.canarykit.core.validation.Violation;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Canary, MetricTemplate and AlertProvider manifests: YAML (one or many {@code ---}
 * documents) or JSON (one object, a stream of objects, or an array of them). Reading never throws
 * for bad content: every problem becomes a {@link Violation} with a field path (or a line and
 * column for syntax errors). Only I/O failures of {@link #read(Path)} are exceptions.
 */
public final class ManifestReader {

    static final String GROUP = "flagger.app";
    static final String VERSION = "v1beta1";
    private static final Map<String, Class<? extends Record>> KINDS = Map.of(
            Canary.KIND, Canary.class,
            MetricTemplate.KIND, MetricTemplate.class,
            AlertProvider.KIND, AlertProvider.class);
    private static final String EXPECTED_KINDS = "Canary, MetricTemplate or AlertProvider";

    private ManifestReader() {
    }

    /** Reads a file; the source name in the result is the path as given. */
    public static ReadResult read(Path path) throws IOException {
        return read(Files.readString(path, StandardCharsets.UTF_8), path.toString());
    }

    public static ReadResult read(Reader reader, String source) throws IOException {
        // One character past the limit is enough to refuse the source: the rest is never held in memory.
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0 && text.length() <= InputLimits.MAX_CHARACTERS; n = reader.read(buffer)) {
            text.append(buffer, 0, n);
        }
        return read(text.toString(), source);
    }

    /** Reads manifest text; {@code source} names it in violations and in each {@link LoadedManifest}. */
    public static ReadResult read(String content, String source) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(source, "source");
        List<LoadedManifest> manifests = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        if (content.length() > InputLimits.MAX_CHARACTERS) {
            problems.add(Violation.error("document", "exceeds the limit of " + InputLimits.MAX_CHARACTERS
                    + " characters per source"));
            return new ReadResult(source, manifests, problems);
        }
        int document = 0;
        boolean json = looksLikeJson(content);
        int longLine = json ? -1 : firstLineLongerThan(content, InputLimits.MAX_YAML_LINE);
        if (longLine > 0) {
            problems.add(Violation.error("line " + longLine, "exceeds a reading limit: longer than "
                    + InputLimits.MAX_YAML_LINE + " characters (a YAML line; JSON has no such limit)"));
            return new ReadResult(source, manifests, problems);
        }
        try (Documents documents = json ? jsonDocuments(content) : yamlDocuments(content)) {
            for (Optional<JsonNode> next = documents.next(); next.isPresent(); next = documents.next()) {
                JsonNode node = next.get();
                if (node.isArray() && json) {
                    for (JsonNode item : node) {
                        document++;
                        readDocument(item, source, document, manifests, problems);
                    }
                } else if (!isEmptyDocument(node)) {
                    document++;
                    readDocument(node, source, document, manifests, problems);
                }
            }
        } catch (StreamConstraintsException e) {
            problems.add(Violation.error(location(e.getLocation()), "exceeds a reading limit: " + limitMessage(e)));
        } catch (JsonProcessingException e) {
            problems.add(Violation.error(location(e.getLocation()), syntaxMessage(e)));
        } catch (IOException e) {
            // Reading from a String performs no I/O; anything else is a bug worth surfacing.
            throw new UncheckedIOException(e);
        }
        if (manifests.isEmpty() && problems.isEmpty()) {
            problems.add(Violation.error("document", "no manifest found, expected " + EXPECTED_KINDS
                    + (document == 0 ? "" : " (" + document + (document == 1 ? " document" : " documents") + " of other kinds skipped)")));
        }
        return new ReadResult(source, manifests, problems);
    }

    /** Whether the document claims Flagger's API group, where every kind must be one CanaryKit reads. */
    private static boolean inFlaggerGroup(JsonNode apiVersion) {
        String text = apiVersion.isTextual() ? apiVersion.textValue() : "";
        return text.isEmpty() || text.startsWith(GROUP + "/") || text.equals(GROUP);
    }

    private static void readDocument(JsonNode node, String source, int document, List<LoadedManifest> manifests,
            List<Violation> problems) {
        String where = " in document " + document;
        if (!node.isObject()) {
            problems.add(Violation.error("document " + document, "must be a mapping, got " + node.getNodeType()
                    .toString().toLowerCase(java.util.Locale.ROOT)));
            return;
        }
        JsonNode kindNode = node.path("kind");
        JsonNode apiVersionNode = node.path("apiVersion");
        if (!kindNode.isTextual() || kindNode.textValue().isEmpty()) {
            problems.add(Violation.error("kind", "is required" + where));
            return;
        }
        String kind = kindNode.textValue();
        Class<? extends Record> type = KINDS.get(kind);
        if (type == null && !inFlaggerGroup(apiVersionNode)) {
            // Someone else's object (a Deployment, a VirtualService of rendered chart output): not ours to judge.
            return;
        }
        if (type == null) {
            problems.add(Violation.error("kind", "unknown kind " + Printable.quote(kind) + where + ", expected " + EXPECTED_KINDS
                    + ClosestName.hint(kind, KINDS.keySet())));
            return;
        }
        if (!apiVersionNode.isTextual() || apiVersionNode.textValue().isEmpty()) {
            problems.add(Violation.error("apiVersion", "is required" + where));
            return;
        }
        String apiVersion = apiVersionNode.textValue();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        if (!GROUP.equals(group)) {
            problems.add(Violation.error("apiVersion", "unknown API group " + Printable.quote(group) + where + ", expected "
                    + GROUP + "/" + VERSION));
            return;
        }
        // MetricTemplate and AlertProvider status is written by Flagger and not part of the model.
        Set<String> ignored = type == Canary.class ? Set.of() : Set.of("status");
        TreeDecoder decoder = new TreeDecoder(Mappers.JSON, ignored);
        CanaryResource resource = (CanaryResource) decoder.decodeRoot(node, type);
        List<Violation> violations = new ArrayList<>();
        String version = apiVersion.substring(slash + 1);
        if (!VERSION.equals(version)) {
            violations.add(Violation.warning("apiVersion", "unknown version " + Printable.quote(version) + ", read as " + VERSION));
        }
        violations.addAll(decoder.violations());
        manifests.add(new LoadedManifest(resource, source, document, violations));
    }

    /** A document with nothing but comments reads as an empty string: helm and kustomize output is full of them. */
    private static boolean isEmptyDocument(JsonNode node) {
        return node.isNull() || node.isMissingNode() || (node.isTextual() && node.textValue().isEmpty());
    }

    /** The documents of one source, read one at a time so that a syntax error late in a stream keeps the ones before it. */
    private interface Documents extends Closeable {
        Optional<JsonNode> next() throws IOException;
    }

    private static Documents jsonDocuments(String content) throws IOException {
        MappingIterator<JsonNode> values = Mappers.JSON.readerFor(JsonNode.class).readValues(content);
        return new Documents() {
            @Override
            public Optional<JsonNode> next() throws IOException {
                return values.hasNextValue() ? Optional.of(values.nextValue()) : Optional.empty();
            }

            @Override
            public void close() throws IOException {
                values.close();
            }
        };
    }

    private static Documents yamlDocuments(String content) throws IOException {
        YamlTrees trees = new YamlTrees(content);
        return new Documents() {
            @Override
            public Optional<JsonNode> next() throws IOException {
                return trees.nextDocument();
            }

            @Override
            public void close() throws IOException {
                trees.close();
            }
        };
    }

    /**
     * Jackson's wording names its Java API ({@code StreamReadConstraints.getMaxNestingDepth()}); a
     * manifest author needs the limit and the number only.
     */
    private static String limitMessage(StreamConstraintsException e) {
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), "too large");
        if (message.startsWith("Document nesting depth")) {
            return "nested deeper than " + InputLimits.MAX_NESTING_DEPTH + " levels";
        }
        if (message.startsWith("String value length") || message.startsWith("Document length")) {
            return "longer than " + InputLimits.MAX_CHARACTERS + " characters";
        }
        int from = message.indexOf(" (from `");
        return from < 0 ? message : message.substring(0, from);
    }

    /** The 1-based number of the first line longer than {@code limit}, or -1. */
    private static int firstLineLongerThan(String content, int limit) {
        int line = 1;
        for (int start = 0; start < content.length(); line++) {
            int end = content.indexOf('\n', start);
            int stop = end < 0 ? content.length() : end;
            if (stop - start > limit) {
                return line;
            }
            start = stop + 1;
        }
        return -1;
    }

    private static boolean looksLikeJson(String content) {
        String trimmed = content.stripLeading();
        return trimmed.startsWith("{") || trimmed.startsWith("[");
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "document";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The parser's own reason, without the location and snippet it appends (the path carries them). */
    private static String syntaxMessage(JsonProcessingException e) {
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), "unreadable content");
        String first = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
        return "invalid syntax: " + first;
    }
}
