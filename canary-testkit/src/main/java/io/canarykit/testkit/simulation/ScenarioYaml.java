package io.canarykit.testkit.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the scenario file of {@code canary simulate}. Strict: an unknown key or a wrong value is an
 * error naming the file and the key, because a typo that silently falls back to "everything passes"
 * would make a failing scenario look green.
 */
final class ScenarioYaml {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> KEYS = List.of("maxTicks", "metrics", "webhooks", "canaryReady", "primaryReady", "traffic",
            "newRevisionAt", "configChanges", "skipAnalysis", "suspend");
    private static final List<String> TRAFFIC_KEYS = List.of("requestsPerSecond", "canaryErrorRate", "primaryErrorRate",
            "primaryRequestsPerSecond", "seed", "latencyP99Seconds", "canaryLatencyFactor");

    private ScenarioYaml() {
    }

    static Scenario parse(String yaml, String source) {
        JsonNode root = document(yaml, source);
        Scenario scenario = Scenario.defaults();
        if (root == null) {
            return scenario;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with the keys " + String.join(", ", KEYS));
        }
        knownKeys(root, KEYS, source, "");
        try {
            JsonNode maxTicks = root.path("maxTicks");
            if (!maxTicks.isMissingNode()) {
                if (!maxTicks.canConvertToExactIntegral() || maxTicks.asInt() < 1) {
                    throw new IllegalArgumentException(source + ": maxTicks: expected a positive integer, got " + maxTicks);
                }
                scenario = scenario.withMaxTicks(maxTicks.asInt());
            }
            Map<String, List<MetricAnswer>> metrics = scripts(root.path("metrics"), source, "metrics",
                    (node, path) -> answer(node, source, path));
            Map<String, List<Integer>> webhooks = scripts(root.path("webhooks"), source, "webhooks",
                    (node, path) -> status(node, source, path));
            List<ReadinessAnswer> canaryReady = list(root.path("canaryReady"), source, "canaryReady",
                    (n, p) -> readiness(n, source, p));
            List<ReadinessAnswer> primaryReady = list(root.path("primaryReady"), source, "primaryReady",
                    (n, p) -> readiness(n, source, p));
            List<Integer> newRevisions = list(root.path("newRevisionAt"), source, "newRevisionAt", (n, p) -> tick(n, source, p));
            Map<String, List<Integer>> configChanges = scripts(root.path("configChanges"), source, "configChanges",
                    (node, path) -> tick(node, source, path));
            List<Boolean> skipAnalysis = list(root.path("skipAnalysis"), source, "skipAnalysis", (n, p) -> flag(n, source, p));
            List<Boolean> suspend = list(root.path("suspend"), source, "suspend", (n, p) -> flag(n, source, p));
            return new Scenario(scenario.maxTicks(), metrics, webhooks,
                    canaryReady.isEmpty() ? scenario.canaryReady() : canaryReady,
                    primaryReady.isEmpty() ? scenario.primaryReady() : primaryReady, traffic(root.path("traffic"), source),
                    newRevisions, configChanges, skipAnalysis, suspend);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's one non-empty document, or null when there is none. Empty documents (a leading or
     * trailing {@code ---}, a comment-only file) are fine; a second scenario document is an error,
     * because only one of them could be run.
     */
    private static @Nullable JsonNode document(String yaml, String source) {
        JsonNode found = null;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document == null || document.isMissingNode() || document.isNull()) {
                    continue;
                }
                if (found != null) {
                    throw new IllegalArgumentException(source + ": expected one scenario document, found a second one "
                            + "(a scenario file describes one run)");
                }
                found = document;
            }
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException(source + ": invalid YAML: " + reason, e);
        }
        return found;
    }

    /** Every key of {@code node} is one of {@code known}; {@code prefix} is the path to it ({@code traffic.}). */
    private static void knownKeys(JsonNode node, List<String> known, String source, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException(source + ": " + prefix + key + ": unknown key " + KnownNames.hint(key, known));
            }
        }
    }

    private static <T> Map<String, List<T>> scripts(JsonNode node, String source, String key,
            BiFunction<JsonNode, String, T> element) {
        Map<String, List<T>> scripts = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return scripts;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": " + key + ": expected a mapping of names to lists");
        }
        node.fields().forEachRemaining(e -> {
            List<T> values = list(e.getValue(), source, key + "." + e.getKey(), element);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + key + "." + e.getKey() + ": needs at least one entry");
            }
            scripts.put(e.getKey(), values);
        });
        return scripts;
    }

    /** A list, or a single scalar as a list of one. */
    private static <T> List<T> list(JsonNode node, String source, String path, BiFunction<JsonNode, String, T> element) {
        List<T> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            values.add(element.apply(node, path));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            values.add(element.apply(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    /** {@code traffic: {requestsPerSecond: 10, canaryErrorRate: 0.2, primaryErrorRate: 0.005, seed: 1, canaryLatencyFactor: 2}}. */
    private static @Nullable Traffic traffic(JsonNode node, String source) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": traffic: expected a mapping, got " + node);
        }
        knownKeys(node, TRAFFIC_KEYS, source, "traffic.");
        JsonNode primaryRps = node.path("primaryRequestsPerSecond");
        return new Traffic(number(node, "requestsPerSecond", 10, source), number(node, "canaryErrorRate", 0, source),
                number(node, "primaryErrorRate", 0, source), (long) number(node, "seed", 1, source),
                primaryRps.isMissingNode() ? null : number(node, "primaryRequestsPerSecond", 10, source),
                number(node, "latencyP99Seconds", Traffic.DEFAULT_P99_SECONDS, source), number(node, "canaryLatencyFactor", 1, source));
    }

    private static double number(JsonNode node, String key, double fallback, String source) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(source + ": traffic." + key + ": expected a number, got " + value);
        }
        return value.asDouble();
    }

    private static MetricAnswer answer(JsonNode node, String source, String path) {
        if (node.isNumber()) {
            return MetricAnswer.of(node.asDouble());
        }
        if (node.isTextual()) {
            try {
                return MetricAnswer.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected a number, nodata or error, got " + node);
    }

    private static int status(JsonNode node, String source, String path) {
        if (node.canConvertToExactIntegral() && node.asInt() >= 100 && node.asInt() <= 599) {
            return node.asInt();
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected an HTTP status (100..599), got " + node);
    }

    private static boolean flag(JsonNode node, String source, String path) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected true or false, got " + node);
    }

    /** {@code true}, {@code false} or {@code deadline} (a final "not ready": the progress deadline passed). */
    private static ReadinessAnswer readiness(JsonNode node, String source, String path) {
        if (node.isBoolean()) {
            return ReadinessAnswer.of(node.asBoolean());
        }
        if (node.isTextual() && node.asText().trim().equalsIgnoreCase(ReadinessAnswer.DEADLINE_WORD)) {
            return ReadinessAnswer.DEADLINE;
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected true, false or " + ReadinessAnswer.DEADLINE_WORD
                + ", got " + node);
    }

    /** A tick number: a non-negative integer (the scenario says which ticks may be named). */
    private static int tick(JsonNode node, String source, String path) {
        if (node.canConvertToExactIntegral() && node.asInt() >= 0) {
            return node.asInt();
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected a tick number (0, 1, 2...), got " + node);
    }
}
