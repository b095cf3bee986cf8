package io.canarykit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes Secret manifests ({@code --secrets}) as a {@link SecretResolver}: {@code data} is base64
 * decoded, {@code stringData} is taken as written and wins over {@code data} (as the API server merges
 * them). A Secret without {@code metadata.namespace} is found in any namespace, as
 * {@code kubectl apply -n <namespace>} would place it. Values never reach an error message.
 */
final class SecretManifests implements SecretResolver {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, SecretData> byNamespacedName;
    private final Map<String, SecretData> byName;

    private SecretManifests(Map<String, SecretData> byNamespacedName, Map<String, SecretData> byName) {
        this.byNamespacedName = Map.copyOf(byNamespacedName);
        this.byName = Map.copyOf(byName);
    }

    static SecretManifests none() {
        return new SecretManifests(Map.of(), Map.of());
    }

    /**
     * @throws IllegalArgumentException naming the file and the document when one is not a readable Secret
     * @throws UncheckedIOException when a file cannot be read
     */
    static SecretManifests read(List<Path> files) {
        Map<String, SecretData> namespaced = new HashMap<>();
        Map<String, SecretData> anyNamespace = new HashMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            int document = 0;
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    document++;
                    if (doc == null || doc.isNull() || doc.isEmpty()) {
                        continue;
                    }
                    String where = file + " (document " + document + ")";
                    if (!"Secret".equals(doc.path("kind").asText())) {
                        throw new IllegalArgumentException(where + ": expected kind: Secret, found '" + doc.path("kind").asText() + "'");
                    }
                    String name = doc.path("metadata").path("name").asText("");
                    if (name.isBlank()) {
                        throw new IllegalArgumentException(where + ": a Secret needs metadata.name");
                    }
                    Map<String, String> values = new LinkedHashMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("data").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = it.next();
                        try {
                            values.put(entry.getKey(), new String(Base64.getMimeDecoder().decode(entry.getValue().asText()),
                                    StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + ": data." + entry.getKey() + " of Secret " + name
                                    + " is not base64 (put plain text under stringData)");
                        }
                    }
                    doc.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
                    SecretData data = new SecretData(values);
                    String namespace = doc.path("metadata").path("namespace").asText("");
                    if (namespace.isBlank()) {
                        anyNamespace.put(name, data);
                    } else {
                        namespaced.put(namespace + "/" + name, data);
                    }
                }
            } catch (IOException e) {
                // The parser's message quotes the text around the error, and that text is a secret's value.
                throw new IllegalArgumentException(file + ": not YAML" + location(e));
            } catch (RuntimeException e) {
                // MappingIterator rethrows a parse error unchecked, with the same quoting message.
                if (!(e.getCause() instanceof IOException)) {
                    throw e;
                }
                throw new IllegalArgumentException(file + ": not YAML" + location(e));
            }
        }
        return new SecretManifests(namespaced, anyNamespace);
    }

    @Override
    public Optional<SecretData> resolve(String namespace, String name) {
        SecretData exact = byNamespacedName.get(namespace + "/" + name);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(byName.get(name));
    }

    /** Where parsing failed, without the parser's message or snippet. */
    private static String location(Exception e) {
        Throwable cause = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof JsonProcessingException parsing && parsing.getLocation() != null
                && parsing.getLocation().getLineNr() > 0) {
            return " (line " + parsing.getLocation().getLineNr() + ", column " + parsing.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
